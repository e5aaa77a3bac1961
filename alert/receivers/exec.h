// The "exec" receiver kind (options table and factory); see registry.h.
// Thread-safety: as Receiver.
#pragma once

#include "alert/receivers/registry.h"

namespace newswatch::alert {

ReceiverKind ExecReceiverKind();

}  // namespace newswatch::alert
