/**
 * Protomux 3.x: many typed, paired channels over one framed stream, frame for frame as the
 * JavaScript {@code protomux} writes and reads them. No I/O of its own: it writes frames to a
 * {@link FramedStream} and is fed the frames that arrive.
 */
package io.protomux.wakeup.domain.protomux;
