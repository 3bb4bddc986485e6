// Dashboard entry: reads the initial state embedded in the page, mounts the root element, then
// tells the host it is ready (the root element loads the analysis itself).
import type { DashboardInitialState } from '../../src/shared/dashboardProtocol';
import { DASHBOARD_INITIAL_STATE_ID, DashboardMethod } from '../../src/shared/dashboardProtocol';
import { pageStyles } from '../sample-panel/page-styles';
import { DashboardApp } from './components/dashboard-app';
import { DashboardChannel } from './host-channel';

const initial = JSON.parse(
  document.getElementById(DASHBOARD_INITIAL_STATE_ID)?.textContent ?? '{}',
) as DashboardInitialState;
// Constructed style sheets are allowed by the CSP (no 'unsafe-inline' needed).
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles];

const channel = new DashboardChannel();
const app = new DashboardApp();
app.channel = channel;
app.initial = initial;
app.choices = channel.savedChoices() ?? initial.choices;
channel.onStale = () => app.reload();
document.body.append(app);
channel.command(DashboardMethod.ready, {});
