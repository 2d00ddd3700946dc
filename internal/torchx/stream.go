package torchx

// #include <stdlib.h>
// #include "stream.h"
import "C"

import (
	"runtime"
	"strings"
	"unsafe"
)

// Stream is a queue of work on a device: a CUDA stream from libtorch's pool
// (one per local pair and one for the global pair lets their kernels
// overlap on the GPU), or a stream of the recording backend of the tests.
// Work is queued on the stream that is current on the calling OS thread.
type Stream struct {
	h C.TxStream
}

// NewStream takes a stream of device d from its pool. A CPU device, or
// CUDA on a libtorch without it, gives an error that says what to do.
func NewStream(d Device) (*Stream, error) {
	cs := C.CString(d.String())
	defer C.free(unsafe.Pointer(cs))
	var h C.TxStream
	if err := check("stream of "+d.String(), C.tx_stream_new(cs, &h)); err != nil {
		return nil, err
	}
	return &Stream{h: h}, nil
}

// CurrentStream is the calling OS thread's current stream of device d (its
// default stream unless a Run is under way).
func CurrentStream(d Device) (*Stream, error) {
	cs := C.CString(d.String())
	defer C.free(unsafe.Pointer(cs))
	var h C.TxStream
	if err := check("current stream of "+d.String(), C.tx_stream_current(cs, &h)); err != nil {
		return nil, err
	}
	return &Stream{h: h}, nil
}

// Run runs work with s as the current stream of the calling goroutine, whose
// OS thread stays locked meanwhile (libtorch's current stream belongs to an
// OS thread); the previous stream is current again afterwards. A nil s runs
// work as it is.
func (s *Stream) Run(work func() error) error {
	if s == nil {
		return work()
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var prev C.TxStream
	if err := check("enter stream", C.tx_stream_enter(s.h, &prev)); err != nil {
		return err
	}
	werr := work()
	if err := check("leave stream", C.tx_stream_exit(prev)); err != nil && werr == nil {
		return err
	}
	return werr
}

// WaitFor makes the work queued on s from now on wait until the work queued
// on o so far is done, without blocking the host. Nil streams do nothing.
func (s *Stream) WaitFor(o *Stream) error {
	if s == nil || o == nil || s == o {
		return nil
	}
	return check("stream wait", C.tx_stream_wait(s.h, o.h))
}

// Synchronize blocks until every kernel queued on s has finished.
func (s *Stream) Synchronize() error {
	if s == nil {
		return nil
	}
	return check("stream synchronize", C.tx_stream_synchronize(s.h))
}

// ID is s's number in its device's pool (0 is the default stream).
func (s *Stream) ID() int64 { return int64(C.tx_stream_id(s.h)) }

// Close releases the handle (the pool's stream itself lives on).
func (s *Stream) Close() {
	if s != nil && s.h != nil {
		C.tx_stream_free(s.h)
		s.h = nil
	}
}

// RecordingStreams installs a stream backend that does no work but records
// each stream operation, for the device it returns ("privateuseone"), so
// that tests on a CPU build can check how a program uses streams. Read the
// record with RecordedStreamOps.
func RecordingStreams() (Device, error) {
	if err := check("recording streams", C.tx_recording_streams_register()); err != nil {
		return Device{}, err
	}
	return Device{Kind: "privateuseone", Index: 0}, nil
}

// RecordedStreamOps returns, and forgets, the operations of the recording
// backend since the last call, in order: "new sN" (stream N taken from the
// pool), "enter sN" (N made current, 0 being the default stream),
// "record eK sN" and "wait sN eK" (stream N waits for event K),
// "sync sN".
func RecordedStreamOps() ([]string, error) {
	var out *C.char
	if err := check("recorded stream operations", C.tx_recording_streams_log(&out)); err != nil {
		return nil, err
	}
	defer C.free(unsafe.Pointer(out))
	s := strings.TrimSpace(C.GoString(out))
	if s == "" {
		return nil, nil
	}
	return strings.Split(s, "\n"), nil
}
