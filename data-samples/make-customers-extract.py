# Writes customers-extract.xlsx: the first 200 customers of customers.csv as a branch system exports them to Excel
# (a title row, numbers and true/false stored as Excel's own types, amounts shown in pounds, a second sheet of notes).
# Notebook 01 loads it; a test (The_bundled_workbook_holds_the_first_customers_of_the_sample) checks it still holds
# the same values as customers.csv. Run with Debian's python3-openpyxl: /usr/bin/python3 make-customers-extract.py
import csv
import openpyxl

with open('customers.csv', newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f))
header, customers = rows[0], rows[1:201]
money = {'income', 'checking_balance', 'savings_balance', 'credit_card_balance', 'credit_limit', 'card_spend_30d'}


def cell(text):
    if text in ('true', 'false'):
        return text == 'true'
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text if text else None


book = openpyxl.Workbook()
sheet = book.active
sheet.title = 'Customers'
sheet.append(['Customer extract, branch system, 1 December 2026'])
sheet.append([])
sheet.append(header)
for customer in customers:
    sheet.append([cell(v) for v in customer])
for j, name in enumerate(header, start=1):
    if name in money:
        for row in sheet.iter_rows(min_row=4, min_col=j, max_col=j):
            row[0].number_format = '"£"#,##0.00'
about = book.create_sheet('About')
about.append(['Synthetic customers made by Foundations.Data.SampleBank; no real customer is in this file.'])
book.save('customers-extract.xlsx')
