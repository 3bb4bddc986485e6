// Counterfactual ATTRSEEK: replace the model's turn-1 attribute list with a corrected one and
// re-ask turn 2. The list is written in the shape models produce ("Attributes:\n- ..."), so
// turn 2 sees what it would have seen had the model described the image that way.

/** Turn-1 assistant text for `attributes` (blank items dropped; "none" when the list is empty). */
export function formatCounterfactualTurn1(attributes: readonly string[]): string {
  const items = attributes.map((a) => a.replace(/\s+/g, ' ').trim()).filter((a) => a !== '');
  const lines = items.length === 0 ? ['- none'] : items.map((a) => `- ${a}`);
  return `Attributes:\n${lines.join('\n')}`;
}
