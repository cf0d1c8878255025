// autocannon setupRequest (loaded by path in its worker thread, so plain CommonJS): each request of
// the security-group-rule scenario gets its own TCP port, so every POST creates a new rule
// instead of answering 409 SecurityGroupRuleExists.
let next = 0;
module.exports = function uniqueRule(req) {
  next = (next % 65535) + 1;
  return { ...req, body: req.body.split('"__PORT__"').join(String(next)) };
};
