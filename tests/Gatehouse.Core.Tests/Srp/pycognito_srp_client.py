# The client side of Cognito's SRP exactly as pycognito's aws_srp.py computes it, stdlib only.
# Reads a JSON list of challenges on stdin, writes a JSON list of PASSWORD_VERIFIER answers on stdout.
import base64
import datetime
import hashlib
import hmac
import json
import os
import sys

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
G_HEX = "2"
INFO_BITS = bytearray("Caldera Derived Key", "utf-8")
WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def hash_sha256(buf):
    value = hashlib.sha256(buf).hexdigest()
    return (64 - len(value)) * "0" + value


def hex_hash(hex_string):
    return hash_sha256(bytearray.fromhex(hex_string))


def hex_to_long(hex_string):
    return int(hex_string, 16)


def long_to_hex(long_num):
    return f"{long_num:x}"


def pad_hex(long_int):
    hash_str = long_int if isinstance(long_int, str) else long_to_hex(long_int)
    if len(hash_str) % 2 == 1:
        hash_str = f"0{hash_str}"
    elif hash_str[0] in "89ABCDEFabcdef":
        hash_str = f"00{hash_str}"
    return hash_str


def compute_hkdf(ikm, salt):
    prk = hmac.new(salt, ikm, hashlib.sha256).digest()
    return hmac.new(prk, INFO_BITS + bytearray(chr(1), "utf-8"), hashlib.sha256).digest()[:16]


def calculate_u(big_a, big_b):
    return hex_to_long(hex_hash(pad_hex(big_a) + pad_hex(big_b)))


def timestamp_of(instant):
    return (
        f"{WEEKDAY_NAMES[instant.weekday()]} {MONTH_NAMES[instant.month - 1]} {instant.day:d} "
        f"{instant.hour:02d}:{instant.minute:02d}:{instant.second:02d} UTC {instant.year:d}"
    )


def answer(challenge):
    big_n = hex_to_long(N_HEX)
    g = hex_to_long(G_HEX)
    k = hex_to_long(hex_hash("00" + N_HEX + "0" + G_HEX))
    small_a = hex_to_long(os.urandom(128).hex()) % big_n
    large_a = pow(g, small_a, big_n)
    if large_a % big_n == 0:
        raise ValueError("Safety check for A failed")

    pool_name = challenge["pool_id"].split("_")[1]
    user_id_for_srp = challenge["USER_ID_FOR_SRP"]
    server_b = hex_to_long(challenge["SRP_B"])
    u = calculate_u(large_a, server_b)
    if u == 0:
        raise ValueError("U cannot be zero.")
    username_password_hash = hash_sha256(f"{pool_name}{user_id_for_srp}:{challenge['password']}".encode("utf-8"))
    x = hex_to_long(hex_hash(pad_hex(challenge["SALT"]) + username_password_hash))
    int_value2 = server_b - k * pow(g, x, big_n)
    s = pow(int_value2, small_a + u * x, big_n)
    key = compute_hkdf(bytearray.fromhex(pad_hex(s)), bytearray.fromhex(pad_hex(long_to_hex(u))))

    now = datetime.datetime.fromtimestamp(challenge["now"], datetime.timezone.utc)
    timestamp = timestamp_of(now)
    msg = (
        bytearray(pool_name, "utf-8")
        + bytearray(user_id_for_srp, "utf-8")
        + bytearray(base64.standard_b64decode(challenge["SECRET_BLOCK"]))
        + bytearray(timestamp, "utf-8")
    )
    signature = base64.standard_b64encode(hmac.new(key, msg, digestmod=hashlib.sha256).digest()).decode("utf-8")
    return {"SRP_A": long_to_hex(large_a), "TIMESTAMP": timestamp, "PASSWORD_CLAIM_SIGNATURE": signature}


json.dump([answer(c) for c in json.load(sys.stdin)], sys.stdout)
