// Sets a CSS custom property on an element through the CSSOM on every render. lit's styleMap
// writes a `style` attribute on first render, which the panel's CSP (no 'unsafe-inline' for
// styles) blocks; `element.style.setProperty` is not an inline style attribute and is allowed.
import { noChange } from 'lit';
import { Directive, directive, PartType } from 'lit/directive.js';
import type { ElementPart, PartInfo } from 'lit/directive.js';

class CssVariableDirective extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT)
      throw new Error('cssVariable() belongs on an element, not in a value');
  }

  render(_name: string, _value: string): unknown {
    return noChange;
  }

  override update(part: ElementPart, [name, value]: [string, string]): unknown {
    (part.element as HTMLElement).style.setProperty(name, value);
    return noChange;
  }
}

/** `<button ${cssVariable('--chip', colour)}>`: sets `--chip` without a style attribute. */
export const cssVariable = directive(CssVariableDirective);
