// stream.h: streams of a device (CUDA's, or the recording backend the tests
// use), through c10's device-generic interface. Same conventions as
// torchx.h.
#ifndef SGAN_TORCHX_STREAM_H
#define SGAN_TORCHX_STREAM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef void *TxStream;  // c10::Stream*

// tx_stream_new takes a stream of device dev ("cuda:0") from its pool.
char *tx_stream_new(const char *dev, TxStream *out);
// tx_stream_current is the calling thread's current stream of device dev.
char *tx_stream_current(const char *dev, TxStream *out);
// tx_stream_enter makes s the calling thread's current stream of its device
// and returns the one it replaces, for tx_stream_exit.
char *tx_stream_enter(TxStream s, TxStream *previous);
// tx_stream_exit makes previous current again and frees it.
char *tx_stream_exit(TxStream previous);
// tx_stream_wait makes the work queued on waiter from now on wait for the
// work queued on s so far (an event recorded on s, blocked on by waiter),
// without blocking the host.
char *tx_stream_wait(TxStream waiter, TxStream s);
// tx_stream_synchronize blocks the host until s's queued work is done.
char *tx_stream_synchronize(TxStream s);
// tx_stream_id is s's id in its device's pool (0: the default stream).
int64_t tx_stream_id(TxStream s);
void tx_stream_free(TxStream s);

// tx_recording_streams_register installs, for the PrivateUse1 device type
// ("privateuseone"), a stream backend that does no work but records every
// stream operation, so that a CPU build can test how streams are used. It
// fails when PrivateUse1 has a backend of its own.
char *tx_recording_streams_register(void);
// tx_recording_streams_log returns the operations recorded since the last
// call, one a line, as a malloc'ed string the caller frees.
char *tx_recording_streams_log(char **out);

#ifdef __cplusplus
}
#endif

#endif  // SGAN_TORCHX_STREAM_H
