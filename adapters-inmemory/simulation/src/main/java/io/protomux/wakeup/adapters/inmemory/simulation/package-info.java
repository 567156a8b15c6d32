/**
 * Deterministic simulation testing of wakeup applications: a {@link
 * io.protomux.wakeup.adapters.inmemory.simulation.Simulation} runs many nodes, each with the real
 * stack (Noise, secret stream, Protomux, wakeup swarm), over the in-memory network on a virtual
 * clock, with latency and faults (disconnects, partitions, corrupted bytes, stalls) injected from
 * one seed, and an event trace whose digest proves a run replays exactly.
 */
package io.protomux.wakeup.adapters.inmemory.simulation;
