// Many waits on one AbortSignal through one real listener. Every queued, in-flight and
// backing-off request of a run waits on the run's signal; one listener each passes Node's
// limit of 10 (MaxListenersExceededWarning at concurrency >= 6) and would hide a real leak.
// The subscriptions are kept beside the signal (a WeakMap keyed by it, gone with it), so any
// function that is handed a signal can use this without owning an object.

interface SignalSubscribers {
  callbacks: Set<() => void>;
  listener: () => void;
}

const subscribersBySignal = new WeakMap<AbortSignal, SignalSubscribers>();

/**
 * Calls `callback` once when `signal` aborts (at once if it already has). Returns the function
 * that unsubscribes; the real listener is removed with the last subscription.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => {};
  }
  let entry = subscribersBySignal.get(signal);
  if (entry === undefined) {
    const callbacks = new Set<() => void>();
    const listener = (): void => {
      subscribersBySignal.delete(signal);
      for (const notify of [...callbacks]) notify();
      callbacks.clear();
    };
    entry = { callbacks, listener };
    subscribersBySignal.set(signal, entry);
    signal.addEventListener('abort', listener, { once: true });
  }
  // A wrapper per subscription, so the same function subscribed twice is two subscriptions.
  const subscription = (): void => callback();
  const { callbacks, listener } = entry;
  callbacks.add(subscription);
  return () => {
    if (!callbacks.delete(subscription) || callbacks.size > 0) return;
    if (subscribersBySignal.get(signal)?.callbacks === callbacks) subscribersBySignal.delete(signal);
    signal.removeEventListener('abort', listener);
  };
}
