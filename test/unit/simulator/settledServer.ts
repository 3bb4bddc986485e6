// Requests that a cancelled or killed client wrote just before it stopped reach a simulated
// server in this process a little later; tests that count requests wait for them to land.

/** Resolves once the server has nothing in flight and its request count stopped moving. */
export async function settledServer(server: {
  stats(): { requests: number; inFlight: number };
}): Promise<void> {
  let last = -1;
  for (;;) {
    const { requests, inFlight } = server.stats();
    if (inFlight === 0 && requests === last) return;
    last = requests;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
