// Gallery entry: reads the initial state embedded in the page, mounts the root element, then
// tells the host it is ready for notifications.
import type { GalleryInitialState } from '../../src/shared/galleryProtocol';
import { GALLERY_INITIAL_STATE_ID, GalleryMethod } from '../../src/shared/galleryProtocol';
import { pageStyles } from '../sample-panel/page-styles';
import { GalleryApp } from './components/gallery-app';
import { GalleryChannel } from './host-channel';

const initial = JSON.parse(
  document.getElementById(GALLERY_INITIAL_STATE_ID)?.textContent ?? '{}',
) as GalleryInitialState;
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles];

const channel = new GalleryChannel();
const app = new GalleryApp();
app.channel = channel;
app.slice = initial.slice;
app.codiconsHref = initial.codiconsHref;
channel.onSlice = (slice) => app.showSlice(slice);
channel.saveState({ slice: initial.reviewSlice });
document.body.append(app);
channel.command(GalleryMethod.ready, {});
