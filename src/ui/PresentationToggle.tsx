/** The header's presentation-mode switch: a toggle button (aria-pressed) that writes `#present` into the URL. */
import { present, usePresenting } from './theme';

export function PresentationToggle() {
  const on = usePresenting();
  return (
    <button
      type="button"
      className="present-toggle"
      aria-pressed={on}
      onClick={() => present(!on)}
      data-testid="present-toggle"
    >
      Presentation mode
    </button>
  );
}
