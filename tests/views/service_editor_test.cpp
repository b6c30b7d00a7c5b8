// SPDX-License-Identifier: GPL-3.0-or-later
// The Service editor's two faces, driven as a user drives them (offscreen): typing in the
// YAML and in the form, switching the type, undo and redo across both, unknown fields.
#include "code_editor.h"
#include "language_manager.h"
#include "endpoints_form.h"
#include "manifest_editor.h"
#include "problem_list_model.h"
#include "service_editor.h"
#include "service_form.h"
#include "table_editor.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>

#include <gtest/gtest.h>

using namespace studio;
using namespace studio::views;

namespace {

const char *kService = "# The seed page's first example.\n"
                       "apiVersion: v1\n"
                       "kind: Service\n"
                       "metadata:\n"
                       "  name: my-service\n"
                       "spec:\n"
                       "  selector:\n"
                       "    app: MyApp\n"
                       "  ports:\n"
                       "  - name: metrics\n"
                       "    port: 80\n"
                       "    targetPort: 9376\n";

// Waits for the debounced, off-thread validation to report.
bool waitForProblems(ServiceEditor &ed)
{
    QSignalSpy spy(&ed, &ServiceEditor::problemsChanged);
    return spy.wait(5000);
}

const Problem *problemAt(const ServiceEditor &ed, const std::string &field)
{
    for (const Problem &p : ed.problems()->problems())
        if (p.error.field == field)
            return &p;
    return nullptr;
}

void placeCursorAfter(CodeEditor *editor, const QString &text)
{
    QTextCursor c = editor->document()->find(text);
    ASSERT_FALSE(c.isNull()) << text.toStdString();
    c.clearSelection();
    editor->setTextCursor(c);
}

} // namespace

TEST(ServiceEditor, TypingABadPortNameInTheYamlShowsTheErrorAtItsLine)
{
    ServiceEditor ed;
    ed.resize(1200, 800);
    ed.show();
    ed.setText(QString::fromUtf8(kService), QStringLiteral("svc.yaml"));
    ed.validateNow();
    ASSERT_EQ(ed.problems()->errorCount(), 0);

    placeCursorAfter(ed.editor(), QStringLiteral("name: metrics"));
    ed.editor()->setFocus();
    QTest::keyClicks(ed.editor(), QStringLiteral("_port"));
    ASSERT_TRUE(waitForProblems(ed));
    const Problem *p = problemAt(ed, "spec.ports[0].name");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->error.line, 10); // "  - name: metrics_port"
    EXPECT_EQ(p->error.column, 11);
    // The form follows the YAML: the port's name cell shows the text and the error.
    ed.syncFormNow();
    ed.validateNow();
    TableEditor *ports = ed.serviceForm()->portsTable();
    EXPECT_EQ(ports->table()->item(0, ServiceForm::PortName)->text(), QStringLiteral("metrics_port"));
    EXPECT_FALSE(ports->cellError(0, ServiceForm::PortName).isEmpty());
    EXPECT_FALSE(ed.serviceForm()->errorFor(QStringLiteral("spec.ports[0].name")).isEmpty());
    // The underline sits on that line, with the message on hover.
    bool underlined = false;
    for (const auto &sel : ed.editor()->extraSelections())
        if (sel.cursor.blockNumber() == 9 && sel.format.toolTip().contains(QLatin1String("spec.ports[0].name")))
            underlined = true;
    EXPECT_TRUE(underlined);
}

TEST(ServiceEditor, TypingABadPortNameInTheFormShowsTheErrorAtItsLine)
{
    ServiceEditor ed;
    ed.show();
    ed.setText(QString::fromUtf8(kService), QStringLiteral("svc.yaml"));
    ed.validateNow();
    TableEditor *ports = ed.serviceForm()->portsTable();
    QTableWidget *t = ports->table();
    // Edit the cell as a user does: open its editor, type, commit.
    t->setCurrentCell(0, ServiceForm::PortName);
    t->editItem(t->item(0, ServiceForm::PortName));
    auto *lineEdit = qobject_cast<QLineEdit *>(
        t->indexWidget(t->model()->index(0, ServiceForm::PortName)));
    ASSERT_NE(lineEdit, nullptr);
    lineEdit->selectAll();
    QTest::keyClicks(lineEdit, QStringLiteral("Metrics"));
    QTest::keyClick(lineEdit, Qt::Key_Return);
    QCoreApplication::processEvents(); // the delegate commits on a queued call
    EXPECT_EQ(t->item(0, ServiceForm::PortName)->text(), QStringLiteral("Metrics"));
    EXPECT_TRUE(ed.text().contains(QLatin1String("- name: Metrics\n"))) << ed.text().toStdString();
    ed.validateNow();
    const Problem *p = problemAt(ed, "spec.ports[0].name");
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(ed.editor()->document()->findBlockByNumber(p->error.line - 1).text(),
              QStringLiteral("  - name: Metrics"));
    EXPECT_FALSE(ports->cellError(0, ServiceForm::PortName).isEmpty());
}

TEST(ServiceEditor, SwitchingTheTypeShowsAndHidesFields)
{
    ServiceEditor ed;
    ed.show();
    ed.setText(QString::fromUtf8(kService), QStringLiteral("svc.yaml"));
    ServiceForm *form = ed.serviceForm();
    const auto shown = [&](const char *path) { return form->isFieldShown(QString::fromLatin1(path)); };
    EXPECT_FALSE(shown("spec.ports[0].nodePort"));
    EXPECT_FALSE(shown("spec.externalName"));
    EXPECT_FALSE(shown("spec.loadBalancerIP"));
    EXPECT_FALSE(shown("spec.externalTrafficPolicy"));
    EXPECT_TRUE(shown("spec.clusterIP"));
    EXPECT_TRUE(shown("spec.selector"));

    QComboBox *type = form->typeBox();
    type->setCurrentIndex(type->findData(QStringLiteral("NodePort")));
    EXPECT_TRUE(ed.text().contains(QLatin1String("type: NodePort")));
    EXPECT_TRUE(shown("spec.ports[0].nodePort"));
    EXPECT_TRUE(shown("spec.externalTrafficPolicy"));
    EXPECT_FALSE(shown("spec.loadBalancerIP"));

    type->setCurrentIndex(type->findData(QStringLiteral("LoadBalancer")));
    EXPECT_TRUE(shown("spec.loadBalancerIP"));
    EXPECT_TRUE(shown("spec.loadBalancerSourceRanges"));
    EXPECT_FALSE(shown("spec.healthCheckNodePort"));

    type->setCurrentIndex(type->findData(QStringLiteral("ExternalName")));
    EXPECT_TRUE(ed.text().contains(QLatin1String("type: ExternalName")));
    EXPECT_TRUE(shown("spec.externalName"));
    EXPECT_FALSE(shown("spec.clusterIP"));
    EXPECT_FALSE(shown("spec.ports[0].nodePort"));
    EXPECT_FALSE(shown("spec.loadBalancerIP"));

    // The affinity timeout appears with ClientIP.
    type->setCurrentIndex(type->findData(QStringLiteral("ClusterIP")));
    EXPECT_FALSE(shown("spec.sessionAffinityConfig.clientIP.timeoutSeconds"));
    form->affinityBox()->setCurrentIndex(form->affinityBox()->findData(QStringLiteral("ClientIP")));
    EXPECT_TRUE(shown("spec.sessionAffinityConfig.clientIP.timeoutSeconds"));
    EXPECT_TRUE(ed.text().contains(QLatin1String("sessionAffinity: ClientIP")));

    // A type set in the YAML switches the form too.
    QTextCursor c = ed.editor()->document()->find(QStringLiteral("type: ClusterIP"));
    if (c.isNull()) { // the form left the default unset
        placeCursorAfter(ed.editor(), QStringLiteral("spec:"));
        ed.editor()->textCursor().insertText(QStringLiteral("\n  type: NodePort"));
    } else {
        c.insertText(QStringLiteral("type: NodePort"));
    }
    ed.syncFormNow();
    EXPECT_EQ(type->currentData().toString(), QStringLiteral("NodePort"));
    EXPECT_TRUE(shown("spec.ports[0].nodePort"));
}

TEST(ServiceEditor, UnknownFieldsAndCommentsSurviveFormEdits)
{
    const char *yaml = "# keep me\n"
                       "apiVersion: v1\n"
                       "kind: Service\n"
                       "metadata:\n"
                       "  name: web\n"
                       "  annotations:\n"
                       "    team: payments\n"
                       "  x-unknown-meta: 1\n"
                       "spec:\n"
                       "  # the backend pods\n"
                       "  selector:\n"
                       "    app: web\n"
                       "  ports:\n"
                       "  - port: 80\n"
                       "    futureField: yes-please\n"
                       "  somethingNew:\n"
                       "    nested: [1, 2]\n";
    ServiceEditor ed;
    ed.show();
    ed.setText(QString::fromUtf8(yaml), QStringLiteral("web.yaml"));
    QLineEdit *name = ed.serviceForm()->nameEdit();
    name->setFocus();
    name->end(false);
    QTest::keyClicks(name, QStringLiteral("-v2"));
    const QString text = ed.text();
    EXPECT_TRUE(text.contains(QLatin1String("name: web-v2"))) << text.toStdString();
    EXPECT_TRUE(text.contains(QLatin1String("# keep me")));
    EXPECT_TRUE(text.contains(QLatin1String("# the backend pods")));
    EXPECT_TRUE(text.contains(QLatin1String("x-unknown-meta: 1")));
    EXPECT_TRUE(text.contains(QLatin1String("futureField: yes-please")));
    EXPECT_TRUE(text.contains(QLatin1String("somethingNew:")));
    EXPECT_TRUE(text.contains(QLatin1String("team: payments")));
    // A table edit (a new selector label) keeps them too.
    ed.serviceForm()->selectorTable()->appendRow({QStringLiteral("tier"), QStringLiteral("backend")});
    EXPECT_TRUE(ed.text().contains(QLatin1String("tier: backend")));
    EXPECT_TRUE(ed.text().contains(QLatin1String("futureField: yes-please")));
    EXPECT_TRUE(ed.text().contains(QLatin1String("somethingNew:")));
    // Only the object's own document is rewritten in a multi-document file.
}

TEST(ServiceEditor, UndoAndRedoWorkAcrossBothFaces)
{
    ServiceEditor ed;
    ed.show();
    ed.setText(QString::fromUtf8(kService), QStringLiteral("svc.yaml"));
    const QString original = ed.text();
    QLineEdit *name = ed.serviceForm()->nameEdit();

    // 1. A form edit (keystrokes in one field are one undo step).
    name->setFocus();
    name->end(false);
    QTest::keyClicks(name, QStringLiteral("-a"));
    const QString afterForm = ed.text();
    ASSERT_TRUE(afterForm.contains(QLatin1String("name: my-service-a")));

    // 2. A YAML edit: the form follows.
    placeCursorAfter(ed.editor(), QStringLiteral("port: 80"));
    ed.editor()->setFocus();
    QTest::keyClicks(ed.editor(), QStringLiteral("80"));
    ed.syncFormNow();
    EXPECT_EQ(ed.serviceForm()->portsTable()->table()->item(0, ServiceForm::PortPort)->text(),
              QStringLiteral("8080"));

    // Undo the YAML edit: the form goes back too.
    ed.undo();
    EXPECT_EQ(ed.text(), afterForm);
    EXPECT_EQ(ed.serviceForm()->portsTable()->table()->item(0, ServiceForm::PortPort)->text(),
              QStringLiteral("80"));
    // Undo the form edit: text and form are as at the start.
    ed.undo();
    EXPECT_EQ(ed.text(), original);
    EXPECT_EQ(name->text(), QStringLiteral("my-service"));
    // Redo both.
    ed.redo();
    EXPECT_EQ(ed.text(), afterForm);
    EXPECT_EQ(name->text(), QStringLiteral("my-service-a"));
    ed.redo();
    EXPECT_EQ(ed.serviceForm()->portsTable()->table()->item(0, ServiceForm::PortPort)->text(),
              QStringLiteral("8080"));
}

TEST(ServiceEditor, BrokenYamlDisablesTheFormUntilFixed)
{
    ServiceEditor ed;
    ed.setText(QStringLiteral("apiVersion: v1\nkind: Service\nmetadata:\n  name: [x\n"),
               QStringLiteral("broken.yaml"));
    EXPECT_FALSE(ed.formEnabled());
    EXPECT_FALSE(ed.formMessage().isEmpty());
    ed.setText(QString::fromUtf8(kService), QStringLiteral("svc.yaml"));
    EXPECT_TRUE(ed.formEnabled());
    // A wrong type (a string where a port number goes) cannot be shown by the form either.
    ed.setText(QString::fromUtf8(kService).replace(QLatin1String("port: 80"),
                                                   QLatin1String("port: eighty")),
               QStringLiteral("svc.yaml"));
    EXPECT_FALSE(ed.formEnabled());
}

TEST(ServiceEditor, MultiDocumentFilesEditOneObjectAtATime)
{
    const QString yaml = QString::fromUtf8(kService)
                         + QStringLiteral("---\n"
                                          "apiVersion: v1\n"
                                          "kind: Endpoints\n"
                                          "metadata:\n"
                                          "  name: my-service\n"
                                          "subsets:\n"
                                          "- addresses:\n"
                                          "  - ip: 192.0.2.42\n"
                                          "  ports:\n"
                                          "  - port: 9376\n");
    ServiceEditor ed;
    ed.show();
    ed.setText(yaml, QStringLiteral("multi.yaml"));
    ASSERT_EQ(ed.objectCount(), 2);
    ed.setCurrentObject(1);
    EndpointsForm *form = ed.endpointsForm();
    EXPECT_EQ(form->addressTable()->table()->item(0, EndpointsForm::AddrIp)->text(),
              QStringLiteral("192.0.2.42"));
    // The apiserver's address rules: a loopback address is refused, on its cell.
    form->addressTable()->setCell(0, EndpointsForm::AddrIp, QStringLiteral("127.0.0.1"));
    EXPECT_TRUE(ed.text().contains(QLatin1String("ip: 127.0.0.1")));
    EXPECT_TRUE(ed.text().startsWith(QString::fromUtf8(kService))) << ed.text().toStdString();
    ed.validateNow();
    EXPECT_FALSE(form->addressTable()->cellError(0, EndpointsForm::AddrIp).isEmpty());
    EXPECT_NE(problemAt(ed, "subsets[0].addresses[0].ip"), nullptr);
}

TEST(ServiceEditor, CloudAnnotationPickerOffersAllowedValues)
{
    ServiceEditor ed;
    ed.show();
    ed.setText(QString::fromUtf8(kService).replace(QLatin1String("spec:\n"),
                                                   QLatin1String("spec:\n  type: LoadBalancer\n")),
               QStringLiteral("lb.yaml"));
    TableEditor *ann = ed.serviceForm()->annotationsTable();
    ann->appendRow({QStringLiteral("service.beta.kubernetes.io/aws-load-balancer-type"),
                    QStringLiteral("nlb")});
    EXPECT_TRUE(ed.text().contains(
        QLatin1String("service.beta.kubernetes.io/aws-load-balancer-type: nlb")));
    ann->setCell(0, 1, QStringLiteral("alb"));
    ed.validateNow();
    // Outside the documented values: a reviewer warning on the annotation.
    bool warned = false;
    for (const Problem &p : ed.problems()->problems())
        warned = warned || (p.error.isWarning() && p.error.type == "annotation-value");
    EXPECT_TRUE(warned);
}

TEST(ServiceEditor, UndoKeyInAFormFieldUndoesTheDocument)
{
    ServiceEditor ed;
    ed.show();
    ed.setText(QString::fromUtf8(kService), QStringLiteral("svc.yaml"));
    const QString original = ed.text();
    // An edit in the YAML first, then one in the form.
    placeCursorAfter(ed.editor(), QStringLiteral("app: MyApp"));
    QTest::keyClicks(ed.editor(), QStringLiteral("2"));
    ed.syncFormNow();
    const QString afterYaml = ed.text();
    QLineEdit *ns = ed.serviceForm()->findChild<QLineEdit *>(QStringLiteral("metadata.namespace"));
    ASSERT_NE(ns, nullptr);
    QTest::keyClicks(ns, QStringLiteral("prod"));
    ASSERT_TRUE(ed.text().contains(QLatin1String("namespace: prod")));
    // Ctrl+Z in the form field: the form edit goes, as a whole...
    QTest::keyClick(ns, Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(ed.text(), afterYaml);
    EXPECT_TRUE(ns->text().isEmpty());
    // ...and pressed again there, it undoes the YAML edit too (one history for both faces).
    QTest::keyClick(ns, Qt::Key_Z, Qt::ControlModifier);
    EXPECT_EQ(ed.text(), original);
    EXPECT_EQ(ed.serviceForm()->selectorTable()->table()->item(0, 1)->text(), QStringLiteral("MyApp"));
}

TEST(ServiceEditor, FormFollowsTheLanguage)
{
    studio::views::LanguageManager languages;
    ASSERT_TRUE(languages.setLanguage(QStringLiteral("en")));
    ServiceEditor ed;
    ed.setText(QString::fromUtf8(kService), QStringLiteral("svc.yaml"));
    const auto header = [&] {
        return ed.serviceForm()->portsTable()->table()->horizontalHeaderItem(ServiceForm::PortTarget)->text();
    };
    EXPECT_EQ(header(), QStringLiteral("Target port"));
    ASSERT_TRUE(languages.setLanguage(QStringLiteral("ja")));
    QCoreApplication::processEvents();
    EXPECT_EQ(header(), QStringLiteral("ターゲットポート"));
    ASSERT_TRUE(languages.setLanguage(QStringLiteral("en")));
    QCoreApplication::processEvents();
    EXPECT_EQ(header(), QStringLiteral("Target port"));
}

TEST(ServiceEditor, JsonStaysJson)
{
    ServiceEditor ed;
    ed.show();
    ed.setText(QStringLiteral("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Service\",\n"
                              "  \"metadata\": {\"name\": \"web\"},\n"
                              "  \"spec\": {\"ports\": [{\"port\": 80}], \"x-extra\": true}\n}\n"),
               QStringLiteral("web.json"));
    QLineEdit *name = ed.serviceForm()->nameEdit();
    name->end(false);
    QTest::keyClicks(name, QStringLiteral("-v2"));
    EXPECT_TRUE(ed.text().startsWith(QLatin1Char('{'))) << ed.text().toStdString();
    EXPECT_TRUE(ed.text().contains(QLatin1String("\"web-v2\""))) << ed.text().toStdString();
    EXPECT_TRUE(ed.text().contains(QLatin1String("x-extra")));
    ed.validateNow();
    EXPECT_EQ(ed.problems()->errorCount(), 0);
}
