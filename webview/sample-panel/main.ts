// Sample panel entry: reads the initial state embedded in the page, mounts the root element,
// then tells the host it is ready for notifications.
import type { SamplePanelInitialState } from '../../src/shared/samplePanelProtocol';
import { INITIAL_STATE_ELEMENT_ID, SamplePanelMethod } from '../../src/shared/samplePanelProtocol';
import { SamplePanelApp } from './components/sample-panel-app';
import { HostChannel } from './host-channel';
import { pageStyles } from './page-styles';

function readInitialState(): SamplePanelInitialState {
  const text = document.getElementById(INITIAL_STATE_ELEMENT_ID)?.textContent ?? '';
  return JSON.parse(text) as SamplePanelInitialState;
}

// Constructed style sheets are allowed by the CSP (no 'unsafe-inline' needed).
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles];

const channel = new HostChannel();
const initial = readInitialState();
const app = new SamplePanelApp();
app.channel = channel;
app.view = initial.view;
app.zoom = initial.zoom;
app.runSetup = initial.runSetup;
document.body.append(app);
channel.command(SamplePanelMethod.ready, {});
