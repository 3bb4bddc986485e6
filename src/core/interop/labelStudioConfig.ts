// The Label Studio labeling configuration the exported tasks are made for: the image, one
// single-choice control per label level listing the dataset's classes, and a multiple-choice
// control with the tags. Names shared by the export and the import of Label Studio JSON.
import type { LabelLevel } from '../model';

/** `to_name` of every result: the Image control. */
export const LS_IMAGE = 'image';
/** `from_name` of the tag control. */
export const LS_TAGS = 'tags';
/** `from_name` of each level's control is the level name itself. */
export const LS_LEVEL_CONTROLS: readonly LabelLevel[] = ['superordinate', 'coarse', 'fine'];

function xmlAttr(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;')
    .replaceAll('\t', '&#9;');
}

export interface LabelStudioChoices {
  superordinate: readonly string[];
  coarse: readonly string[];
  fine: readonly string[];
  tags: readonly string[];
}

function choicesXml(name: string, header: string, values: readonly string[], multiple: boolean): string[] {
  return [
    `  <Header value="${xmlAttr(header)}"/>`,
    `  <Choices name="${name}" toName="${LS_IMAGE}" choice="${multiple ? 'multiple' : 'single'}" showInline="true">`,
    ...values.map((v) => `    <Choice value="${xmlAttr(v)}"/>`),
    '  </Choices>',
  ];
}

/** The `<View>` XML to paste into the project's Settings > Labeling Interface. */
export function labelStudioConfigXml(choices: LabelStudioChoices): string {
  return [
    '<View>',
    `  <Image name="${LS_IMAGE}" value="$image" zoom="true"/>`,
    ...choicesXml('superordinate', 'Superordinate', choices.superordinate, false),
    ...choicesXml('coarse', 'Coarse class', choices.coarse, false),
    ...choicesXml('fine', 'Fine class', choices.fine, false),
    ...choicesXml(LS_TAGS, 'Tags', choices.tags, true),
    '</View>',
    '',
  ].join('\n');
}
