/** What each backbone is, beside the places that offer a choice of them (Model & loss, Compare). */
import { BACKBONES } from '../../model/config';
import { Toggletip } from '../Toggletip';

export function BackboneHelp() {
  return (
    <Toggletip about="the backbones">
      {BACKBONES.map((b) => (
        <span className="toggletip-line" key={b.id}>
          <strong>{b.label}</strong>: {b.description}.
        </span>
      ))}
    </Toggletip>
  );
}
