// Document-level styles: VS Code pads webview bodies; the panel wants the whole area.
const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  html, body { height: 100%; }
  body { margin: 0; padding: 0; overflow: hidden; }
`);
export const pageStyles = sheet;
