/**
 * Presentation mode: large type, high contrast and the colour-blind-safe palette for a projector, kept in the URL
 * (`#present`) so a link opens in it. A flag beside the configuration, never part of it: switching it keeps the run.
 */
import { hashText, PRESENT_KEY, presentOf } from './urlCodec';

/** Turns presentation mode on or off: a new history entry (Back returns), every other key of the hash kept. */
export function setPresenting(on: boolean): void {
  if (presentOf() === on) return;
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  params.delete(PRESENT_KEY);
  if (on) params.append(PRESENT_KEY, '');
  location.hash = hashText(params);
}
