// One tile of the gallery grid as a template: the thumbnail (loaded lazily by the browser from
// a webview resource URI), the fine label (full text in the tooltip), idx and one mark per level.
// Icons are codicon glyphs (the stylesheet is linked once in the gallery's shadow root), not
// <vscode-icon> elements: a tile mounts on every scrolled row, and an element with its own
// shadow root and stylesheet per icon made each mount several times dearer.
import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { GalleryTileView, TileMarkView } from '../../../src/shared/galleryProtocol';
import { cssVariable } from '../../sample-panel/css-variable';

const LEVELS = [
  ['superordinate', 'S'],
  ['coarse', 'C'],
  ['fine', 'F'],
] as const;

const MARK_ICON: Record<TileMarkView, string> = { correct: 'check', wrong: 'close', failed: 'warning' };
const MARK_WORD: Record<TileMarkView, string> = { correct: 'correct', wrong: 'wrong', failed: 'failed' };

export interface TileState {
  selected: boolean;
  focused: boolean;
  /** Tiles in the slice (only some are in the DOM: aria-setsize tells assistive tech). */
  setSize: number;
  /** False while the grid flings past: the thumbnail is left empty until it settles. */
  showImage: boolean;
  x: number;
  y: number;
}

function marks(tile: GalleryTileView): TemplateResult | typeof nothing {
  const present = LEVELS.filter(([level]) => tile.marks[level] !== undefined);
  if (present.length === 0) return nothing;
  return html`<span class="marks">
    ${present.map(([level, letter]) => {
      const mark = tile.marks[level] as TileMarkView;
      return html`<span
        class="mark ${mark}"
        title="${level}: ${MARK_WORD[mark]}"
        data-level=${level}
        data-mark=${mark}
        >${letter}<span class="codicon codicon-${MARK_ICON[mark]}" aria-hidden="true"></span
      ></span>`;
    })}
  </span>`;
}

export function tileTemplate(tile: GalleryTileView, state: TileState): TemplateResult {
  const markText = LEVELS.filter(([level]) => tile.marks[level] !== undefined)
    .map(([level]) => `${level} ${MARK_WORD[tile.marks[level] as TileMarkView]}`)
    .join(', ');
  return html`<div
    class="tile ${state.selected ? 'selected' : ''} ${state.focused ? 'focused' : ''}"
    id="tile-${tile.position}"
    role="option"
    aria-posinset=${tile.position + 1}
    aria-setsize=${state.setSize}
    aria-selected=${state.selected ? 'true' : 'false'}
    aria-label="${tile.fine}, #${tile.idx}${markText ? `, ${markText}` : ''}"
    data-position=${tile.position}
    data-sample-id=${tile.sampleId}
    ${cssVariable('--x', `${state.x}px`)}
    ${cssVariable('--y', `${state.y}px`)}
  >
    <div class="thumb">
      ${
        !state.showImage
          ? nothing
          : tile.imageUri
            ? html`<img src=${tile.imageUri} alt="" loading="lazy" decoding="async" draggable="false" />`
            : html`<span class="no-image" title=${tile.imageError ?? 'No image'}
                ><span class="codicon codicon-file-media" aria-hidden="true"></span
              ></span>`
      }
      ${state.selected ? html`<span class="check codicon codicon-pass-filled" aria-hidden="true"></span>` : nothing}
    </div>
    <div class="caption">
      <span class="label" title="${tile.superordinate} › ${tile.coarse} › ${tile.fine}">${tile.fine}</span>
      <span class="meta"><span class="idx">#${tile.idx}</span>${marks(tile)}</span>
    </div>
  </div>`;
}

/** A tile whose page is still loading: same box, no content. */
export function placeholderTemplate(position: number, x: number, y: number): TemplateResult {
  return html`<div
    class="tile placeholder"
    role="option"
    aria-busy="true"
    data-position=${position}
    ${cssVariable('--x', `${x}px`)}
    ${cssVariable('--y', `${y}px`)}
  ></div>`;
}
