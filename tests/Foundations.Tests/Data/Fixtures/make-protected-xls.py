# Writes protected.xls, an Excel 97-2003 (BIFF8) workbook whose header says it is protected with a password ('secret',
# XOR method: a FILEPASS record right after the first BOF), for CsvExcelTests. The cells themselves are not obfuscated:
# a reader stops at the password check, before any cell, exactly as on a workbook Excel protected.
# Run with Debian's python3-xlwt: /usr/bin/python3 make-protected-xls.py
import struct, xlwt


def verifier(password):
    """The 16-bit password verifier of MS-OFFCRYPTO 2.3.7.1 (CreatePasswordVerifier_Method1)."""
    data = [len(password)] + list(password.encode('latin-1'))
    v = 0
    for byte in reversed(data):
        v = (((v >> 14) & 1) | ((v << 1) & 0x7FFF)) ^ byte
    return v ^ 0xCE4B


book = xlwt.Workbook(encoding='utf-8')
sheet = book.add_sheet('Accounts')
for c, name in enumerate(['account', 'balance']):
    sheet.write(0, c, name)
sheet.write(1, 0, 'A-001')
sheet.write(1, 1, 1234.5)

bof = book._Workbook__bof_rec
# FILEPASS (0x002F): encryption type 0 (XOR), key, verifier.
book._Workbook__bof_rec = lambda: bof() + struct.pack('<HHHHH', 0x002F, 6, 0, 0, verifier('secret'))
book.save('protected.xls')
