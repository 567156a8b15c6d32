/**
 * The in-memory adapter: a {@link io.protomux.wakeup.adapters.inmemory.VirtualTimeLoop} (a
 * deterministic event loop on a virtual clock) and an {@link
 * io.protomux.wakeup.adapters.inmemory.InMemoryNetwork} whose connections implement the transport
 * port, so the real stack runs unchanged in tests and simulations with only network and time
 * simulated. Links between connections take latency, stalls, corruption and drops; taps see every
 * delivery, and a seed fixes the one source of randomness, so a run can be replayed exactly. A
 * {@link io.protomux.wakeup.adapters.inmemory.DatagramNetwork} does the same for UDP, with path
 * profiles (latency, loss, duplicates, rate, MTU) and {@link io.protomux.wakeup.adapters.inmemory.Nat}
 * boxes (consistent or random mapping, conntrack-like filtering and idle timeouts).
 */
package io.protomux.wakeup.adapters.inmemory;
