// njs (nginx JavaScript module) signer for clauster's reverse-proxy auth header.
// Used by config/nginx.conf: `js_set $clauster_proxy_auth clauster_hmac.sign;`.
//
// Header value:  t=<unix seconds>,n=<nonce>,v1=<hex HMAC-SHA256>
// MAC input:     <user>:<t>:<METHOD>:<path>:<nonce>
//   user   $clauster_user (from auth_request_set), empty → no header at all
//   path   $request_uri without its query string (nginx passes it to clauster unchanged)
//   nonce  $request_id (32 hex characters, unique per request), so two identical requests
//          in the same second are not mistaken for a replay
// The secret is read from $clauster_hmac_secret_file (trailing whitespace stripped, as
// clauster does for auth.reverse_proxy.shared_secret_file).
import crypto from 'crypto';
import fs from 'fs';

function sign(r) {
  var user = r.variables.clauster_user;
  if (!user) return '';
  var secret = fs
    .readFileSync(r.variables.clauster_hmac_secret_file)
    .toString()
    .replace(/\s+$/, '');
  var t = Math.floor(Date.now() / 1000);
  var nonce = r.variables.request_id;
  var path = r.variables.request_uri.split('?')[0];
  var message = user + ':' + t + ':' + r.method + ':' + path + ':' + nonce;
  var mac = crypto.createHmac('sha256', secret).update(message).digest('hex');
  return 't=' + t + ',n=' + nonce + ',v1=' + mac;
}

export default { sign };
