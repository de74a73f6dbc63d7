/**
 * The stored form an import should suggest, from a sample of the picked photos: grayscale when every sampled image is
 * grey (R = G = B within JPEG's rounding), and a side that does not upscale what the photos have (a 92×112 face
 * crop is stored at 64², never RGB at 32² by accident). The user can still change both before importing.
 */
import type { Channels, RawImage } from './imageSpec';
import { DEFAULT_RESOLUTION, MIN_RESOLUTION } from './imageSpec';

export interface SampledImage {
  width: number;
  height: number;
  grey: boolean;
}

/** Channel differences up to this count as grey (JPEG chroma rounding of a grey photo). */
const GREY_TOLERANCE = 6;

/** Whether every pixel of a decoded image has R = G = B (within GREY_TOLERANCE); 1-channel images are grey. */
export function isGrey(raw: RawImage): boolean {
  if (raw.channels === 1) return true;
  const { data, channels } = raw;
  for (let i = 0; i < data.length; i += channels) {
    const r = data[i] as number;
    const g = data[i + 1] as number;
    const b = data[i + 2] as number;
    if (Math.abs(r - g) > GREY_TOLERANCE || Math.abs(g - b) > GREY_TOLERANCE) return false;
  }
  return true;
}

export interface SpecSuggestion {
  resolution: number;
  channels: Channels;
  /** One sentence for the import form. */
  reason: string;
}

/**
 * The lab's default side (64², what the CPU trains at) unless the photos are smaller: then their short side, rounded
 * down to a multiple of 16, never below the smallest the networks take.
 */
export function suggestSpec(samples: readonly SampledImage[]): SpecSuggestion | null {
  if (samples.length === 0) return null;
  const shorts = samples.map((s) => Math.min(s.width, s.height)).sort((a, b) => a - b);
  const median = shorts[Math.floor(shorts.length / 2)] as number;
  const resolution = Math.max(MIN_RESOLUTION, Math.min(DEFAULT_RESOLUTION, Math.floor(median / 16) * 16));
  const grey = samples.every((s) => s.grey);
  const sizes = samples.map((s) => `${s.width}×${s.height}`);
  const common = [...new Set(sizes)].length === 1 ? `all ${sizes[0]}` : `short sides around ${median} px`;
  return {
    resolution,
    channels: grey ? 1 : 3,
    reason:
      `Suggested from ${samples.length} sampled photo${samples.length === 1 ? '' : 's'} (${common}, ` +
      `${grey ? 'all grey' : 'in colour'}): ${resolution}×${resolution} ${grey ? 'grayscale' : 'RGB'}.`,
  };
}
