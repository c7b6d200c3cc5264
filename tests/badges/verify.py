"""Verify an Open Badges 3.0 VC-JWT with openbadgeslib, the independent verifier.

    python verify.py FILE.jwt

Resolves the credential's issuer (a did:key: offline) with OB3Verifier.for_issuer_did, so the
key that verifies the signature is the one the issuer's identifier names, then checks the
signature, the structure, the registered claims and the dates. Exit 0: valid; 1: invalid (the
reason on standard error).
"""

import sys

from openbadgeslib.ob3.verifier import OB3Verifier
from openbadgeslib.errors import LibOpenBadgesException


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        token = f.read().strip()
    try:
        issuer = OB3Verifier._decode_unverified(token).get("iss")
        if not isinstance(issuer, str) or not issuer.startswith("did:key:"):
            print(f"{path}: issuer {issuer!r} is not a did:key", file=sys.stderr)
            return 1
        credential = OB3Verifier.for_issuer_did(issuer).verify(token)
    except LibOpenBadgesException as exc:
        print(f"{path}: invalid: {exc}", file=sys.stderr)
        return 1
    print(f"{path}: valid: {credential.achievement.name} from {credential.issuer.name} ({credential.issuer.id})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
