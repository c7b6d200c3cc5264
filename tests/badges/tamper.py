"""Write a copy of a compact JWT whose payload was changed after signing (the credential's
`name` and the achievement's name), its header and signature kept: what a forger would do.

    python tamper.py IN.jwt OUT.jwt
"""

import base64
import json
import sys


def b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def main(source: str, target: str) -> None:
    with open(source, encoding="utf-8") as f:
        header, payload, signature = f.read().strip().split(".")
    claims = json.loads(b64decode(payload))
    claims["name"] = "Master of Everything"
    claims["credentialSubject"]["achievement"]["name"] = "Master of Everything"
    forged = b64encode(json.dumps(claims, separators=(",", ":")).encode("utf-8"))
    with open(target, "w", encoding="utf-8") as f:
        f.write(f"{header}.{forged}.{signature}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
