from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def worklist(request):
    return HttpResponse("werklijst")


report_new = case_detail = note_add = case_close = case_reopen = case_update = worklist
