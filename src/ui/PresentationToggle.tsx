/** The header's presentation-mode switch: a toggle button (aria-pressed) that writes `#present` into the URL. */
import { setPresenting } from '../state/presentation';
import { usePresenting } from './theme';

export function PresentationToggle() {
  const on = usePresenting();
  return (
    <button
      type="button"
      className="present-toggle"
      aria-pressed={on}
      onClick={() => setPresenting(!on)}
      data-testid="present-toggle"
    >
      Presentation mode
    </button>
  );
}
