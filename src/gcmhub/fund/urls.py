from django.urls import path

from gcmhub.fund.views import books, programmes, public

app_name = "fund"

urlpatterns = [
    path("", public.index, name="index"),
    path("documents/<int:document_id>/", public.document, name="document"),
    path("programmes/<str:code>/", public.programme_detail, name="programme"),
    path("programmes/<str:code>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<str:code>/status/", programmes.programme_status, name="programme_status"),
    path("programmes/<str:code>/allocate/", programmes.programme_allocate, name="programme_allocate"),
    path("programmes/<str:code>/transfer/", programmes.programme_transfer, name="programme_transfer"),
    path("programmes/<str:code>/refund/", programmes.programme_refund, name="programme_refund"),
    path(
        "programmes/<str:code>/expenditure/", programmes.programme_expenditure, name="programme_expenditure"
    ),
    path("programmes/<str:code>/markers/", programmes.programme_markers, name="programme_markers"),
    path(
        "programmes/<str:code>/documents/new/",
        programmes.programme_document_new,
        name="programme_document_new",
    ),
    path("programmes/<str:code>/decisions/new/", programmes.programme_decision, name="programme_decision"),
    path("programmes/<str:code>/extend/", programmes.programme_extend, name="programme_extend"),
    path("<str:code>/", public.dashboard, name="dashboard"),
    path("<str:code>/statement/", public.statement, name="statement"),
    path("<str:code>/statement.csv", public.statement_export, {"fmt": "csv"}, name="statement_csv"),
    path("<str:code>/statement.xlsx", public.statement_export, {"fmt": "xlsx"}, name="statement_xlsx"),
    path("<str:code>/entries/", public.entries, name="entries"),
    path("<str:code>/programmes/", public.programme_list, name="programmes"),
    path("<str:code>/programmes/new/", programmes.programme_new, name="programme_new"),
    path("<str:code>/books/", books.books, name="books"),
    path("<str:code>/books/deposits/new/", books.deposit_new, name="deposit_new"),
    path("<str:code>/books/commitments/new/", books.commitment_new, name="commitment_new"),
    path("<str:code>/books/entries/new/", books.entry_new, name="entry_new"),
    path(
        "<str:code>/books/<str:entry_type>/<int:entry_id>/reverse/",
        books.entry_reverse,
        name="entry_reverse",
    ),
    path("<str:code>/books/targets/new/", books.target_new, name="target_new"),
    path("<str:code>/books/contributors/new/", books.contributor_new, name="contributor_new"),
]
