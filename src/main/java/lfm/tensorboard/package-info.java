/**
 * TensorBoard event files: the TFRecord framing ({@link lfm.tensorboard.RecordFraming}), a writer of
 * scalar and image events ({@link lfm.tensorboard.EventFileWriter}) and a reader of its records
 * ({@link lfm.tensorboard.EventFileReader}). The messages are the generated classes of
 * {@code src/main/proto/lfm/tensorboard/event.proto} ({@code lfm.tensorboard.proto.EventProtos}).
 */
package lfm.tensorboard;
