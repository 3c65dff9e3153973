/**
 * The co-signer's schema, as an ordered list of migrations. A migration is never edited once
 * released (its checksum is recorded and checked at every start); changes are new entries.
 * Times are int8 milliseconds from the co-signer's clock (tests inject it), never `now()`.
 * Secrets live only in `*_ciphertext`/`ciphertext` columns, sealed under per-record data keys
 * (`dek`, wrapped by the master key `kek_id`) — never in plaintext or hex.
 */

export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'identities, keys, presignatures, policies, audit, login replay, locks, signing keys',
    sql: `
CREATE TABLE identities (
  id            TEXT PRIMARY KEY,
  provider      TEXT NOT NULL,
  created_at    BIGINT NOT NULL,
  last_login_at BIGINT NOT NULL
);

CREATE TABLE keys (
  identity         TEXT NOT NULL REFERENCES identities(id),
  key_id           TEXT NOT NULL,
  epoch            INTEGER NOT NULL CHECK (epoch >= 0),
  curve            TEXT NOT NULL CHECK (curve IN ('secp256k1', 'ed25519')),
  status           TEXT NOT NULL CHECK (status IN ('pending', 'active', 'retired')),
  public_key       BYTEA NOT NULL,
  public_state     TEXT NOT NULL,
  share_dek        BYTEA NOT NULL,
  share_kek_id     TEXT NOT NULL,
  share_ciphertext BYTEA NOT NULL,
  created_at       BIGINT NOT NULL,
  updated_at       BIGINT NOT NULL,
  PRIMARY KEY (identity, key_id, epoch)
);

CREATE TABLE presignatures (
  identity    TEXT NOT NULL,
  key_id      TEXT NOT NULL,
  epoch       INTEGER NOT NULL,
  record_id   TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('presignature', 'nonce')),
  dek         BYTEA NOT NULL,
  kek_id      TEXT NOT NULL,
  ciphertext  BYTEA NOT NULL,
  created_at  BIGINT NOT NULL,
  consumed_at BIGINT,
  PRIMARY KEY (identity, key_id, epoch, record_id),
  FOREIGN KEY (identity, key_id, epoch) REFERENCES keys(identity, key_id, epoch) ON DELETE CASCADE
);

CREATE TABLE policies (
  identity   TEXT NOT NULL,
  dapp_id    TEXT NOT NULL,
  policy     TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (identity, dapp_id)
);

CREATE TABLE policy_spend (
  identity TEXT NOT NULL,
  dapp_id  TEXT NOT NULL,
  chain_id TEXT NOT NULL,
  day      INTEGER NOT NULL,
  spent    NUMERIC(78, 0) NOT NULL,
  PRIMARY KEY (identity, dapp_id, chain_id, day)
);

CREATE TABLE policy_rate (
  identity     TEXT NOT NULL,
  dapp_id      TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  count        INTEGER NOT NULL,
  PRIMARY KEY (identity, dapp_id, window_start)
);

CREATE TABLE audit_log (
  seq       BIGINT PRIMARY KEY,
  at        BIGINT NOT NULL,
  identity  TEXT NOT NULL,
  dapp_id   TEXT NOT NULL,
  kind      TEXT NOT NULL,
  body      TEXT NOT NULL,
  prev_hash BYTEA NOT NULL,
  hash      BYTEA NOT NULL
);
CREATE INDEX audit_log_by_identity ON audit_log (identity, dapp_id, seq);

CREATE TABLE audit_head (
  id   INTEGER PRIMARY KEY CHECK (id = 1),
  seq  BIGINT NOT NULL,
  hash BYTEA NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$fn$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TABLE login_replay (
  provider   TEXT NOT NULL,
  token_hash BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (provider, token_hash)
);

CREATE TABLE key_locks (
  identity   TEXT NOT NULL,
  key_id     TEXT NOT NULL,
  operation  TEXT NOT NULL,
  holder     TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  PRIMARY KEY (identity, key_id)
);

CREATE TABLE signing_keys (
  kid        TEXT PRIMARY KEY,
  alg        TEXT NOT NULL,
  public_jwk TEXT NOT NULL,
  dek        BYTEA NOT NULL,
  kek_id     TEXT NOT NULL,
  ciphertext BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  retired_at BIGINT
);
`,
  },
  {
    version: 2,
    name: 'backup envelopes',
    sql: `
CREATE TABLE backup_envelopes (
  identity   TEXT NOT NULL REFERENCES identities(id),
  key_id     TEXT NOT NULL,
  epoch      INTEGER NOT NULL CHECK (epoch >= 0),
  envelope   BYTEA NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (identity, key_id)
);
`,
  },
  {
    version: 3,
    name: 'policy version',
    // Every change to \`policies\` (any statement, from any session) moves the version in the same
    // transaction; processes cache documents by it (policy/policyCache.ts) and every batch that
    // commits a decision made from the cache checks it (audit/auditLog.ts).
    sql: `
CREATE TABLE policy_version (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  version BIGINT NOT NULL
);
INSERT INTO policy_version (id, version) VALUES (1, 0);

CREATE FUNCTION policies_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
BEGIN
  UPDATE policy_version SET version = version + 1 WHERE id = 1;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER policies_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON policies
  FOR EACH STATEMENT EXECUTE FUNCTION policies_changed();
`,
  },
]
