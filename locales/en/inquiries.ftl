# The council inquiries (templates/inquiries/*.html, src/web/inquiries.rs).
inquiries-title = Council inquiries
inquiries-description = Inquiries from the city council's political groups on digitalisation, and the administration's answers.
inquiries-lead = Written inquiries from the political groups on digitalisation and the administration's answers, question by question.
# In "1–20 of 35 inquiries", "No inquiries found." and "(all inquiries, not just this page)".
inquiries-noun = inquiries
inquiries-none = No inquiries have been recorded yet.
inquiries-caption = Inquiries with number, political group, title and date of the answer, newest first
inquiries-col-number = Number
inquiries-col-title = Title
inquiries-col-faction = Political group
inquiries-col-answered = Answered
# $value: the number of questions.
inquiries-question-count = (questions: { $value })
inquiries-open = pending
# $value: the inquiry's number ("0730/2023"), in the page's title and description.
inquiries-page-title = Inquiry { $value }
inquiries-breadcrumbs = Breadcrumbs
inquiries-breadcrumb-list = Inquiries
inquiries-eyebrow = Inquiry no. { $value }
inquiries-asked-on = Submitted on
inquiries-answered-on = Answered on
inquiries-not-answered = not answered yet
inquiries-answered-by = Answered by
inquiries-source = Source
inquiries-pdf = Download the answer as PDF (accessible, PDF/UA)
inquiries-checksum = Checksum (SHA-256) of the document:
inquiries-questions = Questions
# $value: the question's position.
inquiries-question = Question { $value }
inquiries-answer = Answer
inquiries-no-questions = No questions have been recorded for this inquiry yet.
inquiries-projects = Projects mentioned and their current status
inquiries-services = Online services mentioned
