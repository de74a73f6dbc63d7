import { Panel } from '../Panel';
import { useLab } from '../useLab';

/** Which backend runs the network and why the others were passed over, for the curious and for bug reports. */
export function BackendPanel() {
  const backend = useLab((s) => s.backend);
  return (
    <Panel id="backend" title="Compute">
      {backend.status === 'starting' && <p>Probing WebGPU, WebGL and WebAssembly…</p>}
      {backend.status === 'error' && <p role="alert">{backend.message}</p>}
      {backend.status === 'ready' && (
        <>
          <p>
            <strong>{backend.report.label}</strong>: {backend.report.reason}.{' '}
            {!backend.report.gpu &&
              'Training runs on the CPU; with a real GPU (WebGPU or WebGL) the lab picks it automatically.'}
          </p>
          {backend.report.passedOver.length > 0 && (
            <ul className="passed-over">
              {backend.report.passedOver.map((p) => (
                <li key={p.name}>
                  <code>{p.name}</code>: {p.reason}
                </li>
              ))}
            </ul>
          )}
          <p className="hint">
            Force one with <code>?backend=webgpu</code>, <code>webgl</code>, <code>wasm</code> or <code>cpu</code>.
          </p>
        </>
      )}
    </Panel>
  );
}
