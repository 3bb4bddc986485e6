// The webview side of the sample panel protocol (the shared channel: commands, requests with
// correlation ids and a timeout, notifications), and the panel's view state.
import type {
  NotificationMessage,
  SamplePanelCommandParams,
  SamplePanelRequestTypes,
  SamplePanelViewState,
} from '../../src/shared/samplePanelProtocol';
import { REQUEST_TIMEOUT_MS, SamplePanelMethod } from '../../src/shared/samplePanelProtocol';
import { WebviewChannel } from '../shared/webview-channel';

export class HostChannel extends WebviewChannel<
  SamplePanelRequestTypes,
  SamplePanelCommandParams,
  NotificationMessage
> {
  constructor() {
    super(REQUEST_TIMEOUT_MS);
  }

  /** UI state that survives hiding the tab and is handed to the panel serializer on reload. */
  saveViewState(state: SamplePanelViewState): void {
    this.setState(state);
    this.command(SamplePanelMethod.saveViewState, state);
  }
}
