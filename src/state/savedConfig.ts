/**
 * The last configuration, kept in localStorage so it survives a reload even before the first checkpoint. The URL
 * wins over it (lab.ts); storage that is full or disabled costs nothing but this convenience.
 */
import { withSettingDefaults } from '../train/settings';
import type { LabConfig } from './config';

const CONFIG_KEY = 'triplet-lab:config';

export function rememberConfig(config: LabConfig): void {
  try {
    localStorage.setItem(CONFIG_KEY, JSON.stringify(config));
  } catch {
    // Storage full or disabled: the URL and defaults still work.
  }
}

/** The remembered configuration with the settings added since it was saved at their defaults, or null. */
export function savedConfig(): LabConfig | null {
  try {
    const text = localStorage.getItem(CONFIG_KEY);
    if (!text) return null;
    const config = JSON.parse(text) as LabConfig;
    return { ...config, trainer: withSettingDefaults(config.trainer) };
  } catch {
    return null;
  }
}
