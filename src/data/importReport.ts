/**
 * What an import skipped and why, file by file, plus the notes that do not skip anything (single-image identities).
 * Every reason has a human message: what is wrong and what to do.
 */

export type SkipReason =
  | 'zeroByte'
  | 'nonImage'
  | 'unsupportedFormat'
  | 'corrupt'
  | 'truncated'
  | 'tooLarge'
  | 'unreadable'
  | 'noIdentityFolder'
  | 'systemFile'
  | 'duplicateInIdentity'
  | 'duplicateAcrossIdentities'
  | 'noFace'
  | 'faceDetectionFailed'
  | 'quotaExceeded';

export const SKIP_REASONS: readonly SkipReason[] = [
  'zeroByte',
  'nonImage',
  'unsupportedFormat',
  'corrupt',
  'truncated',
  'tooLarge',
  'unreadable',
  'noIdentityFolder',
  'systemFile',
  'duplicateInIdentity',
  'duplicateAcrossIdentities',
  'noFace',
  'faceDetectionFailed',
  'quotaExceeded',
];

/** Files larger than this are refused before reading them whole. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/** Images with more pixels than this are refused before decoding (smaller ones are downscaled while decoding). */
export const MAX_PIXELS = 100_000_000;

export const SKIP_MESSAGES: Record<SkipReason, { label: string; message: string }> = {
  zeroByte: { label: 'empty file', message: 'The file is 0 bytes. Re-export or re-copy it.' },
  nonImage: {
    label: 'not an image',
    message: 'The content is not an image. Leave it out of the folder or ignore this line.',
  },
  unsupportedFormat: {
    label: 'unsupported format',
    message:
      'The lab reads JPEG, PNG, WebP, GIF, BMP, AVIF (where the browser can) and PGM/PPM. Convert it to JPEG or PNG.',
  },
  corrupt: {
    label: 'corrupt image',
    message: 'The image could not be decoded. Open it in an image viewer; re-export it if that fails too.',
  },
  truncated: {
    label: 'truncated image',
    message: 'The file ends before the image does (an interrupted copy or download). Copy it again.',
  },
  tooLarge: {
    label: 'too large',
    message: `Larger than ${MAX_FILE_BYTES / 1024 / 1024} MB or ${MAX_PIXELS / 1e6} megapixels. Downscale it first; the lab stores at most 160×160 anyway.`,
  },
  unreadable: {
    label: 'unreadable',
    message: 'The browser could not read the file (moved, deleted or no permission). Pick the folder again.',
  },
  noIdentityFolder: {
    label: 'no identity folder',
    message: 'Images must sit in a folder named after their identity (root/identity/image). Move it into one.',
  },
  systemFile: {
    label: 'system file',
    message: 'An operating-system file (.DS_Store, Thumbs.db, __MACOSX, hidden). Nothing to do.',
  },
  duplicateInIdentity: {
    label: 'duplicate within an identity',
    message: 'Byte-identical to another image of the same identity; kept once. Nothing to do.',
  },
  duplicateAcrossIdentities: {
    label: 'duplicate across identities',
    message:
      'Byte-identical to an image of another identity, so one of the labels is wrong; kept under the first. Check both folders.',
  },
  noFace: {
    label: 'no face found',
    message:
      'Face alignment found no face. Faces that are small, turned well away, covered or cut off by the edge are missed: use a closer, more frontal photo, or import without face alignment.',
  },
  faceDetectionFailed: {
    label: 'face detection failed',
    message:
      'The face detector could not run on this image (the reason follows). Reload the page and import again, or import without face alignment.',
  },
  quotaExceeded: {
    label: 'storage full',
    message:
      'The browser storage quota is full; what fit was kept. Delete a dataset or free disk space, then import the rest.',
  },
};

/**
 * How a face-aligned image found its face, in the order tried for a photo: the detector on the image as it is; on a
 * padded copy (a face that fills the frame gets a margin; small images are padded several to one detector pass);
 * on a padded copy scaled up to the detector's input (small images); last, the landmark net on the whole frame,
 * believed only when its eyes are plausible and steady (faceAlign.ts).
 */
export type AlignRoute = 'detected' | 'detectedPadded' | 'detectedUpscaled' | 'landmarksWholeFrame';

export const ALIGN_ROUTES: readonly AlignRoute[] = [
  'detected',
  'detectedPadded',
  'detectedUpscaled',
  'landmarksWholeFrame',
];

export const ALIGN_ROUTE_MESSAGES: Record<AlignRoute, { label: string; message: string }> = {
  detected: { label: 'face detected', message: 'The detector found the face in the image as it is.' },
  detectedPadded: {
    label: 'face detected with a margin',
    message: 'The face fills the frame; the detector found it once the image had a margin around it. Nothing to do.',
  },
  detectedUpscaled: {
    label: 'face detected enlarged',
    message: 'A small image: the detector found the face in a padded copy enlarged to its input. Nothing to do.',
  },
  landmarksWholeFrame: {
    label: 'aligned from whole-frame landmarks',
    message:
      'No detector pass found the face, so the whole image was taken as the face box; its eyes passed the checks (inside, level, steady). Look at these images if the dataset view shows a bad crop.',
  },
};

export interface SkippedFile {
  path: string;
  reason: SkipReason;
  /** Specifics, e.g. the format name ("HEIC/HEIF") or the path of the image it duplicates. */
  detail?: string;
}

export interface ImportReport {
  identities: number;
  images: number;
  skipped: SkippedFile[];
  /** Identities with a single image: kept, usable as negatives and in evaluation, never as anchors. */
  singleImageIdentities: string[];
  /** With face alignment: images in which several faces were found; the largest was aligned and kept. */
  severalFaces?: { path: string; faces: number }[];
  /** With face alignment: stored images per route, and the files aligned by any route but 'detected'. */
  alignRoutes?: Partial<Record<AlignRoute, number>>;
  alignedBy?: { path: string; route: Exclude<AlignRoute, 'detected'> }[];
  /** Set when the import ended early; everything stored before that point is kept. */
  stopped?: { by: 'cancel' | 'quotaExceeded' | 'storageError'; message: string; notAttempted: number };
}

export const SINGLE_IMAGE_NOTE =
  'has one image: kept and used as a negative and in evaluation, but never as an anchor (an anchor needs a positive).';

export const SEVERAL_FACES_NOTE =
  'Several faces were found; the largest was aligned and kept. If it is not the person the folder is named after, remove the image or crop it to that person.';

export function countByReason(skipped: readonly SkippedFile[]): Partial<Record<SkipReason, number>> {
  const counts: Partial<Record<SkipReason, number>> = {};
  for (const s of skipped) counts[s.reason] = (counts[s.reason] ?? 0) + 1;
  return counts;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** e.g. "212 identities, 2,431 images; skipped 17 files: 9 duplicate within an identity, 8 unsupported format (HEIC/HEIF)". */
export function summaryLine(report: ImportReport): string {
  const head = `${fmt(report.identities)} identities, ${fmt(report.images)} images`;
  const parts: string[] = [];
  const counts = countByReason(report.skipped);
  for (const reason of SKIP_REASONS) {
    const n = counts[reason];
    if (!n) continue;
    const names = new Set(
      report.skipped.filter((s) => s.reason === reason && reason === 'unsupportedFormat').map((s) => s.detail),
    );
    const extra = names.size > 0 ? ` (${[...names].join(', ')})` : '';
    parts.push(`${fmt(n)} ${SKIP_MESSAGES[reason].label}${extra}`);
  }
  const skipped =
    report.skipped.length === 0
      ? 'nothing skipped'
      : `skipped ${fmt(report.skipped.length)} file${report.skipped.length === 1 ? '' : 's'}: ${parts.join(', ')}`;
  const single =
    report.singleImageIdentities.length > 0
      ? `; ${fmt(report.singleImageIdentities.length)} single-image identit${report.singleImageIdentities.length === 1 ? 'y' : 'ies'} (never anchors)`
      : '';
  const several = report.severalFaces?.length ?? 0;
  const faces =
    several > 0 ? `; ${fmt(several)} image${several === 1 ? '' : 's'} with several faces (largest kept)` : '';
  const routes = report.alignRoutes
    ? ALIGN_ROUTES.filter((r) => report.alignRoutes?.[r]).map(
        (r) => `${fmt(report.alignRoutes?.[r] ?? 0)} ${ALIGN_ROUTE_MESSAGES[r].label}`,
      )
    : [];
  const aligned = routes.length > 0 ? `; aligned: ${routes.join(', ')}` : '';
  const tail = report.stopped
    ? `; stopped (${report.stopped.message}), ${fmt(report.stopped.notAttempted)} files not attempted, what was imported is kept`
    : '';
  return `${head}; ${skipped}${single}${faces}${aligned}${tail}`;
}
