# Writes branch-extract.xls, an Excel 97-2003 (BIFF8) workbook as a branch system exports one, for CsvExcelTests.
# Run with Debian's python3-xlwt: /usr/bin/python3 make-branch-extract-xls.py
import datetime, xlwt

book = xlwt.Workbook(encoding='utf-8')
sheet = book.add_sheet('Accounts')
day = xlwt.easyxf(num_format_str='DD/MM/YYYY')
pounds = xlwt.easyxf(num_format_str='"£"#,##0.00')
sheet.write(0, 0, 'account')
sheet.write(0, 1, 'opened')
sheet.write(0, 2, 'balance')
sheet.write(0, 3, 'branch')
sheet.write(0, 4, 'overdrawn')
rows = [
    ('A-001', datetime.date(2019, 7, 28), 1234.5, 'Leeds, Park Row', False),
    ('A-002', datetime.date(2020, 1, 3), -20.25, 'Zürich', True),
    ('A-003', datetime.date(2021, 12, 31), 0.1, 'York', False),
]
for r, (account, opened, balance, branch, overdrawn) in enumerate(rows, start=1):
    sheet.write(r, 0, account)
    sheet.write(r, 1, opened, day)
    sheet.write(r, 2, balance, pounds)
    sheet.write(r, 3, branch)
    sheet.write(r, 4, overdrawn)
book.add_sheet('Notes').write(0, 0, 'Exported from the branch system')
book.save('branch-extract.xls')
