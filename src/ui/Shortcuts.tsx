/**
 * Keyboard shortcuts, mounted once: space plays or pauses, s steps, e explains a step, r resets, u undoes the reset,
 * ? opens a help dialog (Escape closes it; Tab stays inside). Keys typed into a text field or a select, or pressed
 * with Ctrl, Alt or Meta, are left alone; so is space on a focused button or checkbox, which already presses it.
 */
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { lab } from './stores';

export const SHORTCUTS: readonly { keys: string; action: string }[] = [
  { keys: 'Space', action: 'Play / pause training' },
  { keys: 'S', action: 'One training step (while paused)' },
  { keys: 'E', action: 'Explain a step: pause, run one step and walk through it' },
  { keys: 'R', action: 'Reset the network to its seed' },
  { keys: 'U', action: 'Undo the last reset (once)' },
  { keys: '?', action: 'Show this help' },
  { keys: 'Esc', action: 'Close this help' },
];

/** Inputs that take no text: letters reach the shortcuts, but space still presses or toggles them. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'file', 'color']);
const PRESSABLE = new Set(['BUTTON', 'A', 'SUMMARY']);

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUTS.has(target.type);
  return target.tagName === 'SELECT' || target.tagName === 'TEXTAREA' || target.isContentEditable;
}

/** Space on a button, link or checkbox already does something. */
function isPressable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (PRESSABLE.has(target.tagName) || target instanceof HTMLInputElement);
}

/** The same checks as the run controls' buttons (a reset is undone with u, not confirmed). */
function runShortcut(key: string): boolean {
  const { backend, run, training } = lab.store.get();
  const ready = backend.status === 'ready' && run !== null;
  const running = training.status === 'running';
  if (!ready) return false;
  switch (key) {
    case ' ':
      void (running ? lab.pause() : lab.play());
      return true;
    case 's':
      if (!running) void lab.step();
      return true;
    case 'e':
      void lab.explainStep();
      return true;
    case 'r':
      void lab.reset();
      return true;
    case 'u':
      void lab.undoReset();
      return true;
    default:
      return false;
  }
}

function HelpDialog({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    close.current?.focus();
    return () => previous?.focus();
  }, []);
  const onKeyDown = (e: ReactKeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
    } else if (e.key === 'Tab') {
      // Focus trap: cycle through the dialog's own focusable elements.
      const focusable = [
        ...(dialog.current?.querySelectorAll<HTMLElement>('button, [href], input, [tabindex]:not([tabindex="-1"])') ??
          []),
      ];
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
  return (
    <div className="help-backdrop" onClick={onClose}>
      <div
        className="help-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        ref={dialog}
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
        data-testid="help-dialog"
      >
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table className="help-table">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <th scope="row">
                  <kbd>{s.keys}</kbd>
                </th>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="hint">Shortcuts are ignored while typing in a field.</p>
        <button ref={close} onClick={onClose} className="help-close">
          Close
        </button>
      </div>
    </div>
  );
}

export function Shortcuts() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented || isTyping(e.target)) return;
      // A modal dialog (the step-through) owns the keyboard while it is open.
      if (document.querySelector('dialog[open]')) return;
      if (open) {
        if (e.key === 'Escape') setOpen(false);
        return;
      }
      if (e.key === '?') {
        e.preventDefault();
        setOpen(true);
        return;
      }
      if (e.key === ' ' && isPressable(e.target)) return;
      if (e.repeat) return;
      if (runShortcut(e.key.length === 1 ? e.key.toLowerCase() : e.key)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  return (
    <>
      <button
        className="help-open"
        onClick={() => setOpen(true)}
        aria-label="Keyboard shortcuts"
        aria-keyshortcuts="?"
        title="Keyboard shortcuts (?)"
        data-testid="help-open"
      >
        ?
      </button>
      {open && <HelpDialog onClose={() => setOpen(false)} />}
    </>
  );
}
