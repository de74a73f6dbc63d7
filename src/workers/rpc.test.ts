import { afterEach, describe, expect, it, vi } from 'vitest';
import { RpcClient, serve, type WorkerLike, type WorkerScopeLike } from './rpc';

/** A toy protocol: `square` answers `result` after any number of `progress`; `cancel` stops a request. */
type Req =
  { id: number; type: 'square'; values: Float32Array } | { id: number; type: 'init' } | { id: number; type: 'cancel' };
type Res =
  | { id: number; type: 'progress'; done: number }
  | { id: number; type: 'result'; values: Float32Array }
  | { id: number; type: 'ready' }
  | { id: number; type: 'cancelled' }
  | { id: number; type: 'error'; message: string }
  | { id: 0; type: 'status'; text: string };

/** A worker that records what it is sent (cloned as postMessage would, transferred buffers detached). */
function fakeWorker() {
  const sent: { message: Req; transfer: Transferable[] }[] = [];
  let terminated = false;
  const worker: WorkerLike<Req, Res> = {
    postMessage: (message, transfer = []) => {
      sent.push({ message: structuredClone(message, { transfer }), transfer });
    },
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    terminate: () => void (terminated = true),
  };
  const reply = (data: Res) => worker.onmessage?.({ data });
  return { worker, sent, reply, terminated: () => terminated };
}

/** A client whose workers are fakes, kept in `made` in order of creation. */
function client(options: { restart?: boolean; cancel?: boolean } = {}) {
  const made: ReturnType<typeof fakeWorker>[] = [];
  const rpc = new RpcClient<Req, Res>({
    name: 'square',
    advice: 'Reload the page.',
    restart: options.restart,
    create: () => {
      const f = fakeWorker();
      made.push(f);
      return f.worker;
    },
    ...(options.cancel ? { cancelMessage: (id: number): Req => ({ id, type: 'cancel' }) } : {}),
    cancelled: () => new Error('square cancelled'),
  });
  return { rpc, made };
}

afterEach(() => vi.useRealTimers());

describe('RpcClient', () => {
  it('numbers requests, settles each by the reply with its id, routes progress and events, and transfers buffers', async () => {
    const { rpc, made } = client();
    const events: string[] = [];
    rpc.onEvent((e) => events.push(e.text));
    const progress: number[] = [];
    const values = Float32Array.of(1, 2, 3);
    const a = rpc.call(
      { type: 'square', values },
      { transfer: [values.buffer], onProgress: (p) => progress.push(p.done) },
    );
    const b = rpc.call({ type: 'init' });
    const f = made[0]!;
    expect(made).toHaveLength(1);
    expect(f.sent.map((s) => [s.message.type, s.message.id])).toEqual([
      ['square', 1],
      ['init', 2],
    ]);
    // Transferred, not copied: the caller's array is detached and the worker holds the values.
    expect(values.length).toBe(0);
    const got = f.sent[0]!.message;
    expect(got.type === 'square' && [...got.values]).toEqual([1, 2, 3]);
    expect(f.sent[1]!.transfer).toEqual([]);
    f.reply({ id: 1, type: 'progress', done: 1 });
    f.reply({ id: 0, type: 'status', text: 'warm' });
    f.reply({ id: 2, type: 'error', message: 'no backend' });
    f.reply({ id: 1, type: 'progress', done: 2 });
    f.reply({ id: 1, type: 'result', values: Float32Array.of(1, 4, 9) });
    f.reply({ id: 1, type: 'result', values: Float32Array.of(0) }); // a second reply to a settled call is ignored
    const result = await a;
    expect(result.type === 'result' && [...result.values]).toEqual([1, 4, 9]);
    await expect(b).rejects.toThrow(/^no backend$/);
    expect(progress).toEqual([1, 2]);
    expect(events).toEqual(['warm']);
    expect(rpc.inFlight).toBe(0);
  });

  it('ask checks the kind of the final reply', async () => {
    const { rpc, made } = client();
    const ready = rpc.ask({ type: 'init' }, 'ready');
    const wrong = rpc.ask({ type: 'init' }, 'ready');
    made[0]!.reply({ id: 1, type: 'ready' });
    made[0]!.reply({ id: 2, type: 'result', values: new Float32Array(0) });
    await expect(ready).resolves.toEqual({ id: 1, type: 'ready' });
    await expect(wrong).rejects.toThrow("The square worker answered 'init' with 'result'.");
  });

  it('a worker that fails to load rejects every pending and later call with a clear message (no restart)', async () => {
    const { rpc, made } = client({ restart: false });
    const pending = [rpc.call({ type: 'init' }), rpc.call({ type: 'init' })];
    const f = made[0]!;
    let prevented = false;
    f.worker.onerror?.({
      message: 'Failed to fetch dynamically imported module',
      preventDefault: () => (prevented = true),
    });
    for (const p of pending)
      await expect(p).rejects.toThrow(
        'The square worker stopped (Failed to fetch dynamically imported module). Reload the page.',
      );
    expect(prevented).toBe(true);
    expect(f.terminated()).toBe(true);
    await expect(rpc.call({ type: 'init' })).rejects.toThrow('The square worker stopped (Failed to fetch');
    expect(made).toHaveLength(1); // nothing more is started
    expect(f.sent).toHaveLength(2); // nor posted to the dead worker
    expect(rpc.inFlight).toBe(0);
  });

  it('with restart, a crash fails only the calls in flight and the next call goes to a fresh worker', async () => {
    const { rpc, made } = client();
    const lost = rpc.call({ type: 'init' });
    made[0]!.worker.onerror?.({});
    await expect(lost).rejects.toThrow('The square worker stopped (it could not be loaded). Reload the page.');
    const next = rpc.call({ type: 'init' });
    expect(made).toHaveLength(2);
    made[0]!.reply({ id: 2, type: 'ready' }); // the dead worker is no longer heard
    made[1]!.reply({ id: 2, type: 'ready' });
    await expect(next).resolves.toEqual({ id: 2, type: 'ready' });
  });

  it('a message that cannot be read stops the worker', async () => {
    const { rpc, made } = client({ restart: false });
    const pending = rpc.call({ type: 'init' });
    made[0]!.worker.onmessageerror?.({});
    await expect(pending).rejects.toThrow('The square worker stopped (a message from it could not be read).');
  });

  it('init times out: no answer within the limit stops the worker with a message naming the request', async () => {
    vi.useFakeTimers();
    const { rpc, made } = client({ restart: false });
    const init = rpc.call({ type: 'init' }, { timeoutMs: 120_000 });
    const caught = init.catch((e: unknown) => e);
    vi.advanceTimersByTime(119_999);
    expect(rpc.inFlight).toBe(1);
    vi.advanceTimersByTime(1);
    expect(String(await caught)).toBe(
      "Error: The square worker stopped (it did not answer 'init' within 120 s). Reload the page.",
    );
    expect(made[0]!.terminated()).toBe(true);
    // An answer in time clears the timer: nothing fires later.
    const other = client();
    const quick = other.rpc.call({ type: 'init' }, { timeoutMs: 50 });
    other.made[0]!.reply({ id: 1, type: 'ready' });
    await expect(quick).resolves.toEqual({ id: 1, type: 'ready' });
    vi.advanceTimersByTime(1000);
    expect(other.made[0]!.terminated()).toBe(false);
  });

  it('cancels by message: an AbortSignal or a polled flag posts a cancel naming the request', async () => {
    const { rpc, made } = client({ cancel: true });
    const controller = new AbortController();
    const a = rpc.call({ type: 'init' }, { signal: controller.signal });
    const b = rpc.call({ type: 'init' });
    controller.abort();
    const f = made[0]!;
    expect(f.sent.map((s) => [s.message.type, s.message.id])).toEqual([
      ['init', 1],
      ['init', 2],
      ['cancel', 1],
    ]);
    f.reply({ id: 1, type: 'cancelled' });
    await expect(a).rejects.toThrow('square cancelled');
    f.reply({ id: 2, type: 'ready' });
    await expect(b).resolves.toEqual({ id: 2, type: 'ready' });
    // A plain { aborted } flag is polled.
    vi.useFakeTimers();
    const flag = { aborted: false };
    const c = rpc.call({ type: 'init' }, { signal: flag });
    flag.aborted = true;
    vi.advanceTimersByTime(100);
    expect(f.sent.at(-1)?.message).toEqual({ id: 3, type: 'cancel' });
    expect(f.sent.filter((s) => s.message.type === 'cancel')).toHaveLength(2); // once, not at every poll
    f.reply({ id: 3, type: 'cancelled' });
    await expect(c).rejects.toThrow('square cancelled');
    // Already aborted: rejected at once, nothing posted.
    await expect(rpc.call({ type: 'init' }, { signal: flag })).rejects.toThrow('square cancelled');
    expect(f.sent).toHaveLength(5);
  });

  it('cancels by terminate() when the protocol has no cancel message; the next call starts a fresh worker', async () => {
    const { rpc, made } = client();
    const controller = new AbortController();
    const a = rpc.call({ type: 'init' }, { signal: controller.signal });
    const bystander = rpc.call({ type: 'init' });
    controller.abort();
    await expect(a).rejects.toThrow('square cancelled');
    await expect(bystander).rejects.toThrow('The square worker was stopped to cancel another request.');
    expect(made[0]!.terminated()).toBe(true);
    const next = rpc.call({ type: 'init' });
    expect(made).toHaveLength(2);
    made[1]!.reply({ id: 3, type: 'ready' });
    await expect(next).resolves.toEqual({ id: 3, type: 'ready' });
  });

  it('a request that cannot be cloned fails alone, and is not left in flight', async () => {
    const { rpc, made } = client();
    const uncloneable = { values: () => 0 } as unknown as Float32Array;
    await expect(rpc.call({ type: 'square', values: uncloneable })).rejects.toThrow(/could not be cloned/);
    expect(rpc.inFlight).toBe(0);
    const next = rpc.call({ type: 'init' });
    made[0]!.reply({ id: 2, type: 'ready' });
    await expect(next).resolves.toEqual({ id: 2, type: 'ready' });
  });

  it('close rejects pending and later calls', async () => {
    const { rpc, made } = client();
    const pending = rpc.call({ type: 'init' });
    rpc.close(new Error('pool terminated'));
    await expect(pending).rejects.toThrow('pool terminated');
    await expect(rpc.call({ type: 'init' })).rejects.toThrow('pool terminated');
    expect(made).toHaveLength(1);
    expect(made[0]!.terminated()).toBe(true);
  });
});

describe('serve', () => {
  function scope() {
    const posted: { message: Res; transfer: Transferable[] }[] = [];
    const s: WorkerScopeLike<Req, Res> = {
      onmessage: null,
      postMessage: (message, transfer) => void posted.push({ message, transfer }),
    };
    return { s, posted };
  }

  it('posts what the handler returns with its transfer list, progress it posts itself, and an error reply for a throw', async () => {
    const { s, posted } = scope();
    serve<Req, Res>(
      (request, post) => {
        if (request.type !== 'square') throw new Error(`cannot ${request.type}`);
        post({ id: request.id, type: 'progress', done: 1 });
        return { id: request.id, type: 'result', values: request.values.map((v) => v * v) };
      },
      { transfer: (reply) => (reply.type === 'result' ? [reply.values.buffer] : []) },
      s,
    );
    await s.onmessage?.({ data: { id: 7, type: 'square', values: Float32Array.of(3) } });
    await s.onmessage?.({ data: { id: 8, type: 'init' } });
    expect(posted.map((p) => p.message.type)).toEqual(['progress', 'result', 'error']);
    const result = posted[1]!;
    expect(result.message.type === 'result' && [...result.message.values]).toEqual([9]);
    expect(result.transfer).toEqual([result.message.type === 'result' && result.message.values.buffer]);
    expect(posted[2]!.message).toEqual({ id: 8, type: 'error', message: 'cannot init' });
  });
});
