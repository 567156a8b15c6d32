/**
 * The {@code wakeup} command line ({@link io.protomux.wakeup.cli.Main}): {@code listen}, {@code
 * connect}, {@code demo} and {@code bench}, on {@link io.protomux.wakeup.node.WakeupNode}. Its
 * contract (options, JSON lines on stdout, exit codes, {@code error: …} lines) is the README's
 * "The command line", which {@code interop/cli.js} implements on the reference stack too.
 */
package io.protomux.wakeup.cli;
