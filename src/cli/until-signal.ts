/** Where shutdown requests come from; the process by default. */
export interface SignalSource {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
}

/** Resolves on the first SIGTERM or SIGINT, and stops listening for both. */
export function untilSignal(signals: SignalSource): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      signals.off('SIGTERM', done);
      signals.off('SIGINT', done);
      resolve();
    };
    signals.once('SIGTERM', done);
    signals.once('SIGINT', done);
  });
}
