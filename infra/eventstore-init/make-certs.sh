#!/usr/bin/env bash
# The eventstore-certs one-shot (docker-compose.yml), run in the es-gencert-cli image as root: makes a private
# CA and KurrentDB's node certificate once, into the eventstore-certs volume, and copies the CA's public
# certificate into the eventstore-ca volume, which SchoolBot's containers mount for EVENTSTORE_URL's tlsCAFile.
#   /certs/ca-private/ca.{crt,key}  the CA (its key readable by root only: nothing running needs it)
#   /certs/ca/ca.crt                what KurrentDB trusts (KURRENTDB_TRUSTED_ROOT_CERTIFICATES_PATH)
#   /certs/node/node.{crt,key}      the node's certificate for the names eventstore and localhost
# Existing files are kept. To renew the node certificate (docs/security.md):
#   docker compose run --rm -e RENEW_NODE_CERT=true eventstore-certs && docker compose restart eventstore
# It runs with CHOWN as its only capability: root may then not write into what another user owns, so
# everything is taken back first and handed to KurrentDB's user at the end.
set -euo pipefail
certs="${CERTS_DIR:-/certs}"
public="${CA_PUBLIC_DIR:-/ca-public}"
# The kurrent user of the kurrentplatform/kurrentdb image.
KURRENT_UID="${KURRENT_UID:-1000}"

mkdir -p "$certs" "$public"
chown -R 0:0 "$certs" "$public"
if [ "${RENEW_NODE_CERT:-false}" = true ]; then
  rm -rf "$certs/node"
  echo "eventstore-certs: renewing the node certificate"
fi
mkdir -p "$certs/ca-private" "$certs/ca" "$public"
if [ ! -s "$certs/ca-private/ca.crt" ] || [ ! -s "$certs/ca-private/ca.key" ]; then
  es-gencert-cli create-ca -out "$certs/ca-private"
  rm -rf "$certs/node" # a node certificate signed by another CA would not verify
  echo "eventstore-certs: made a new CA"
fi
if [ ! -s "$certs/node/node.crt" ] || [ ! -s "$certs/node/node.key" ]; then
  es-gencert-cli create-node -ca-certificate "$certs/ca-private/ca.crt" -ca-key "$certs/ca-private/ca.key" \
    -out "$certs/node" -dns-names eventstore,localhost -ip-addresses 127.0.0.1
  echo "eventstore-certs: made the node certificate"
fi
cp "$certs/ca-private/ca.crt" "$certs/ca/ca.crt"
cp "$certs/ca-private/ca.crt" "$public/ca.crt"

# Modes first (root owns the files until the chown), then ownership.
chmod 0700 "$certs/ca-private"
chmod 0600 "$certs/ca-private/ca.key" "$certs/node/node.key"
chmod 0644 "$certs/ca-private/ca.crt" "$certs/ca/ca.crt" "$certs/node/node.crt" "$public/ca.crt"
chmod 0755 "$certs" "$certs/ca" "$certs/node" "$public"
chown -R "$KURRENT_UID:$KURRENT_UID" "$certs/node" "$certs/ca"
echo "eventstore-certs: certificates ready"
