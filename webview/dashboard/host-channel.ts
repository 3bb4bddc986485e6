// The webview side of the dashboard protocol (the shared channel), and the "stale"
// notification from the host. UI state (the choices) is kept with
// setState so a hidden-and-shown panel comes back as it was.
import type {
  DashboardChoices,
  DashboardCommandParams,
  DashboardHostMessage,
  DashboardRequestTypes,
} from '../../src/shared/dashboardProtocol';
import { DASHBOARD_REQUEST_TIMEOUT_MS, DashboardMethod } from '../../src/shared/dashboardProtocol';
import { WebviewChannel } from '../shared/webview-channel';

type DashboardNotification = Extract<DashboardHostMessage, { kind: 'notification' }>;

export class DashboardChannel extends WebviewChannel<
  DashboardRequestTypes,
  DashboardCommandParams,
  DashboardNotification
> {
  onStale: () => void = () => undefined;

  constructor() {
    super(DASHBOARD_REQUEST_TIMEOUT_MS);
    this.onNotification((message) => {
      if (message.method === DashboardMethod.stale) this.onStale();
    });
  }

  savedChoices(): DashboardChoices | undefined {
    const state = this.getState() as { choices?: DashboardChoices } | undefined;
    return state?.choices;
  }

  /** The run id goes along: the host's serializer restores the panel from it after a reload. */
  saveChoices(runId: number, choices: DashboardChoices): void {
    this.setState({ runId, choices });
  }
}
