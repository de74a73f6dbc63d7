/** "Copy link" for the current configuration, and a classroom link that hides chosen control groups. */
import { useState } from 'react';
import { HIDE_GROUPS, linkFor, type HideGroup } from '../../../state/urlCodec';
import { useLab } from '../../useLab';
import { copyText } from './download';

function LinkField({ link, testId, label }: { link: string; testId: string; label: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <div className="export-link">
      <input
        type="text"
        readOnly
        value={link}
        aria-label={label}
        onFocus={(e) => e.target.select()}
        data-testid={`${testId}-url`}
      />
      <button onClick={() => void copyText(link).then(setCopied)} data-testid={testId}>
        Copy link
      </button>
      {copied !== null && (
        <span className="hint" role="status">
          {copied ? 'Copied.' : 'The browser refused; select the link and copy it.'}
        </span>
      )}
    </div>
  );
}

export function ShareLinks() {
  const config = useLab((s) => s.config);
  const [hidden, setHidden] = useState<ReadonlySet<HideGroup>>(new Set());
  const toggle = (group: HideGroup, on: boolean) =>
    setHidden((h) => {
      const next = new Set(h);
      if (on) next.add(group);
      else next.delete(group);
      return next;
    });
  const ordered = HIDE_GROUPS.map((g) => g.id).filter((id) => hidden.has(id));
  return (
    <>
      <div className="export-section">
        <h3>Share this configuration</h3>
        <LinkField link={linkFor(config)} testId="share-copy" label="Link to this configuration" />
        <p className="hint">
          The link holds every setting and the seed, so it reproduces the run. Trained weights are not in it.
        </p>
      </div>
      <div className="export-section">
        <h3>Classroom link</h3>
        <fieldset className="export-hide">
          <legend>Hide these controls</legend>
          {HIDE_GROUPS.map((g) => (
            <label key={g.id}>
              <input
                type="checkbox"
                checked={hidden.has(g.id)}
                onChange={(e) => toggle(g.id, e.target.checked)}
                data-testid={`hide-${g.id}`}
              />{' '}
              {g.label}
            </label>
          ))}
        </fieldset>
        <LinkField link={linkFor(config, ordered)} testId="classroom-copy" label="Classroom link" />
      </div>
    </>
  );
}
