// The type guards shared by the validators of the sample panel's messages (samplePanelMessages,
// reviewMessageParsing): the page is a browser context, so its input is checked field by field.

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Row ids: non-negative safe integers. */
export const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
