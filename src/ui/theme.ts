/**
 * The page's theme: light or dark from `prefers-color-scheme`, presentation mode from the URL (`#present`). The
 * colours and sizes themselves are custom properties in styles.css; this module marks the root element for
 * presentation mode and tells components (charts above all, which draw with the values read at draw time) when to
 * draw again.
 */
import { useSyncExternalStore } from 'react';
import { setPresenting } from '../state/presentation';
import { presentOf } from '../state/urlCodec';

const DARK_QUERY = '(prefers-color-scheme: dark)';

export type ThemeKey = `${'light' | 'dark'}${'' | '-present'}`;

const dark = (): boolean => typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches;

/**
 * The theme in force, as a key that changes whenever a chart must redraw. Read off the root element, not the URL:
 * `location.hash` changes before its hashchange event, and a render between the two would pair the new key with the
 * old sizes.
 */
export function themeKey(): ThemeKey {
  return `${dark() ? 'dark' : 'light'}${document.documentElement.hasAttribute('data-present') ? '-present' : ''}`;
}

const markRoot = () => document.documentElement.toggleAttribute('data-present', presentOf(location.hash));

/** Turns presentation mode on or off from the page: the root at once, the URL (and so the components) after. */
export function present(on: boolean): void {
  document.documentElement.toggleAttribute('data-present', on);
  setPresenting(on);
}

/**
 * Marks the root for presentation mode now and on every hash change. Called once before React renders, so this
 * listener runs before the components' own and a chart that redraws for the new mode reads the new sizes.
 */
export function installTheme(): void {
  markRoot();
  window.addEventListener('hashchange', markRoot);
}

function subscribe(listener: () => void): () => void {
  const media = typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : null;
  window.addEventListener('hashchange', listener);
  media?.addEventListener('change', listener);
  return () => {
    window.removeEventListener('hashchange', listener);
    media?.removeEventListener('change', listener);
  };
}

/** The theme key, re-rendering when the colour scheme or presentation mode changes. */
export function useThemeKey(): ThemeKey {
  return useSyncExternalStore(subscribe, themeKey);
}

/** Whether presentation mode is on. */
export function usePresenting(): boolean {
  return useThemeKey().endsWith('-present');
}
