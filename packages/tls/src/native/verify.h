// Certificate verification results in Node's vocabulary.
#pragma once

namespace ferrite {

// Node's code for an X509_V_ERR_* value ('DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', ...),
// the same strings node:tls puts in `err.code`, so handlers written for node:https work as-is.
const char* X509ErrorCode(long err);

}  // namespace ferrite
