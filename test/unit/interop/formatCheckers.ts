// The format rules of docs/interop.md as python3 (stdlib) checks that read the produced files
// the way FiftyOne's and Label Studio's importers do. Each prints {"problems": [...], ...}.

/** FiftyOne: FiftyOneDatasetImporter defers to its serialized-JSON importer when metadata.json has no "version". */
export const FIFTYONE_CHECK = String.raw`
import json, os, re, sys
d = sys.argv[1]
problems = []
meta = json.load(open(os.path.join(d, 'metadata.json'), encoding='utf-8'))
if not isinstance(meta, dict): problems.append('metadata.json is not an object')
if 'version' in meta: problems.append('metadata.json has a "version" key')
if meta.get('media_type', 'image') != 'image': problems.append('media_type is not image')
if 'sample_fields' in meta: problems.append('metadata.json declares sample_fields')
doc = json.load(open(os.path.join(d, 'samples.json'), encoding='utf-8'))
samples = doc.get('samples') if isinstance(doc, dict) else None
if not isinstance(samples, list): problems.append('samples.json has no "samples" list'); samples = []
fields = set()
name_rule = re.compile(r'^[A-Za-z][A-Za-z0-9_]*$')
for i, s in enumerate(samples):
    where = 'sample %d' % i
    fp = s.get('filepath')
    if not isinstance(fp, str) or not os.path.isabs(fp): problems.append(where + ': filepath is not absolute'); continue
    if not os.path.isfile(os.path.join(d, fp)): problems.append(where + ': no file at ' + fp)
    tags = s.get('tags')
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags): problems.append(where + ': tags')
    if s.get('metadata', None) is not None: problems.append(where + ': metadata is not null')
    for k, t in (('finer_sample_id', int), ('idx', int), ('split', str)):
        if not isinstance(s.get(k), t): problems.append(where + ': ' + k)
    for k, v in s.items():
        if not name_rule.match(k): problems.append(where + ': field name ' + k)
        if isinstance(v, dict):
            fields.add(k)
            if v.get('_cls') != 'Classification': problems.append(where + ': ' + k + ' is not a Classification')
            if v.get('label') is not None and not isinstance(v.get('label'), str): problems.append(where + ': ' + k + '.label')
            for ak, av in v.items():
                if ak == '_cls': continue
                if ak.startswith('_') or not name_rule.match(ak): problems.append(where + ': attribute ' + ak)
                ok = av is None or isinstance(av, (str, int, float)) or (isinstance(av, list) and all(isinstance(x, str) for x in av))
                if not ok: problems.append(where + ': ' + k + '.' + ak + ' has type ' + type(av).__name__)
info = meta.get('info') if isinstance(meta.get('info'), dict) else {}
if sorted(info.get('metrics', {})) != ['f1', 'finer_em', 'strict_em']: problems.append('info.metrics')
for r in info.get('runs', []):
    for k in ('id', 'name', 'model', 'strategy', 'levels', 'gold_conditioning', 'template_hash', 'params', 'fields'):
        if k not in r: problems.append('info.runs: ' + k)
    for f in r.get('fields', []):
        if f not in fields: problems.append('info.runs names a field no sample has: ' + f)
print(json.dumps({'problems': problems, 'samples': len(samples), 'fields': sorted(fields), 'info': info}))
`;

/** Label Studio: JSON tasks with predictions that fit label-config.xml; local-files image URLs resolve. */
export const LABEL_STUDIO_CHECK = String.raw`
import json, os, sys, urllib.parse, xml.etree.ElementTree as ET
d, docroot = sys.argv[1], sys.argv[2]
problems = []
root = ET.parse(os.path.join(d, 'label-config.xml')).getroot()
if root.tag != 'View': problems.append('config root is not <View>')
images = {e.get('name'): e.get('value') for e in root.iter('Image')}
if images.get('image') != '$image': problems.append('no <Image name="image" value="$image">')
controls = {}
for e in root.iter('Choices'):
    controls[e.get('name')] = {'to': e.get('toName'), 'single': e.get('choice') == 'single', 'values': set(c.get('value') for c in e.iter('Choice'))}
variables = set(v[1:] for e in root.iter() for v in e.attrib.values() if v.startswith('$'))
tasks = json.load(open(os.path.join(d, 'tasks.json'), encoding='utf-8'))
if not isinstance(tasks, list): problems.append('tasks.json is not a list'); tasks = []
predictions = 0
for i, t in enumerate(tasks):
    where = 'task %d' % i
    if 'id' in t: problems.append(where + ': has an id')
    data = t.get('data')
    if not isinstance(data, dict): problems.append(where + ': no data'); continue
    for var in variables:
        if var not in data: problems.append(where + ': data has no ' + var)
    if not isinstance(data.get('finer_sample_id'), int): problems.append(where + ': data.finer_sample_id')
    for k in ('superordinate', 'coarse', 'fine'):
        if data.get(k) is not None and not isinstance(data.get(k), str): problems.append(where + ': data.' + k)
    if not isinstance(data.get('tags'), list): problems.append(where + ': data.tags')
    preds = t.get('predictions', [])
    if not preds or preds[0].get('model_version') != 'finer-lens gold': problems.append(where + ': gold prediction first')
    url = data.get('image')
    if not isinstance(url, str): problems.append(where + ': data.image'); continue
    prefix = '/data/local-files/?d='
    if url.startswith(prefix):
        rel = urllib.parse.unquote(url[len(prefix):])
        if os.path.isabs(rel) or '..' in rel.split('/'): problems.append(where + ': d= is not relative')
        if not os.path.isfile(os.path.join(docroot, rel)): problems.append(where + ': no file for ' + url)
    elif not url.startswith(docroot): problems.append(where + ': image URL ' + url)
    for p in t.get('predictions', []):
        predictions += 1
        if not isinstance(p.get('model_version'), str): problems.append(where + ': model_version')
        sc = p.get('score')
        if not isinstance(sc, (int, float)) or not 0 <= sc <= 1: problems.append(where + ': score')
        for r in p.get('result', []):
            c = controls.get(r.get('from_name'))
            if c is None: problems.append(where + ': from_name ' + str(r.get('from_name'))); continue
            if r.get('to_name') != c['to'] or r.get('to_name') not in images: problems.append(where + ': to_name')
            if r.get('type') != 'choices': problems.append(where + ': type')
            ch = r.get('value', {}).get('choices')
            if not isinstance(ch, list) or not all(isinstance(x, str) for x in ch): problems.append(where + ': value.choices'); continue
            if c['single'] and len(ch) != 1: problems.append(where + ': several choices in a single-choice control')
            for x in ch:
                if x not in c['values']: problems.append(where + ': choice ' + x + ' not in control ' + r['from_name'])
print(json.dumps({'problems': problems, 'tasks': len(tasks), 'predictions': predictions, 'controls': sorted(controls)}))
`;
