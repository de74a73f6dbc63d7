/**
 * A toggletip (Heydon Pickering, Inclusive Components, "Tooltips & Toggletips", 2017): a small "i" button beside a
 * label, named "More about <about>"; pressing it (click, Enter or Space) fills a `role="status"` live region with the
 * help, shown as a bubble and read out by screen readers. Escape, a second press, a press elsewhere or focus moving
 * on closes it and empties the region, so the next opening is announced again. Help that lived in `title=` belongs
 * here or in visible text: keyboard, touch and projector audiences never see a `title`.
 */
import { useEffect, useLayoutEffect, useRef, useState, type FocusEvent, type ReactNode } from 'react';

/** Space kept between a bubble and the edges of the window, px. */
const EDGE = 8;

export function Toggletip({
  about,
  children,
  align = 'start',
  testId,
}: {
  /** What the help explains; the button's accessible name is "More about <about>". */
  about: string;
  /** The help; phrasing content (use `<span className="toggletip-line">` for separate lines). */
  children: ReactNode;
  /** The bubble's edge that lines up with the button: 'end' for a button near the right edge of the page. */
  align?: 'start' | 'end';
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLSpanElement>(null);
  const bubble = useRef<HTMLSpanElement>(null);
  // A bubble that would cross an edge of the window moves sideways into it.
  useLayoutEffect(() => {
    const el = bubble.current;
    if (!open || !el) return;
    const r = el.getBoundingClientRect();
    const right = document.documentElement.clientWidth - EDGE;
    const shift = r.left < EDGE ? EDGE - r.left : r.right > right ? Math.max(right - r.right, EDGE - r.left) : 0;
    el.style.translate = shift ? `${shift}px 0` : '';
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onPointer = (e: PointerEvent) => {
      if (!(e.target instanceof Node && root.current?.contains(e.target))) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);
  // Focus moving to another element closes it; a press on plain text (no new focus) is left to the pointer check.
  const onBlur = (e: FocusEvent<HTMLSpanElement>) => {
    if (e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget)) setOpen(false);
  };
  return (
    <span className={`toggletip toggletip-${align}`} ref={root} onBlur={onBlur} data-testid={testId}>
      <button
        type="button"
        className="toggletip-button"
        aria-label={`More about ${about}`}
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        i
      </button>
      <span role="status" className="toggletip-live">
        {open && (
          <span className="toggletip-bubble" ref={bubble}>
            {children}
          </span>
        )}
      </span>
    </span>
  );
}
