// SPDX-License-Identifier: GPL-3.0-or-later
// The lesson format: the shipped lessons load and their scenarios load without refusals;
// malformed files are reported with file and line and do not stop the others; the check
// evaluator passes right answers and names what is wrong in wrong ones.
#include "cluster/sandbox_backend.h"
#include "training/lesson.h"
#include "training/lesson_check.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <set>

using namespace studio;
using namespace studio::training;

namespace {

const std::string kLessons = STUDIO_LESSONS_DIR_FOR_TEST;

std::vector<std::string> scenarios()
{
    return scenarioSearchPath(kLessons);
}

void writeFile(const QString &path, const char *text)
{
    QFile f(path);
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    f.write(text);
}

const char *kGood = R"(title: {ja: 良い, en: Good}
steps:
- text: {ja: こんにちは, en: Hello}
tasks:
- id: q
  text: {ja: 質問, en: Question}
  options:
  - {ja: はい, en: "Yes"}
  - {ja: いいえ, en: "No"}
  answer: 2
  hint: {ja: ヒント, en: Hint}
)";

const Lesson *findLesson(const LessonSet &set, const std::string &id)
{
    for (const Lesson &l : set.lessons)
        if (l.id == id)
            return &l;
    return nullptr;
}

} // namespace

TEST(LessonLoader, ShippedLessonsLoadWithTheirScenarios)
{
    const LessonSet set = loadLessonDirectory(kLessons, scenarios());
    for (const Error &e : set.errors)
        ADD_FAILURE() << e.toString();
    ASSERT_EQ(set.lessons.size(), 13u);
    std::set<std::string> ids;
    for (const Lesson &l : set.lessons) {
        SCOPED_TRACE(l.id);
        EXPECT_TRUE(ids.insert(l.id).second);
        EXPECT_FALSE(l.title.ja.empty());
        EXPECT_FALSE(l.title.en.empty());
        EXPECT_FALSE(l.steps.empty());
        EXPECT_FALSE(l.tasks.empty());
        EXPECT_FALSE(l.start.empty());
        for (const Step &s : l.steps) {
            EXPECT_FALSE(s.text.ja.empty());
            EXPECT_FALSE(s.text.en.empty());
        }
        for (const Task &t : l.tasks) {
            EXPECT_FALSE(t.hint.ja.empty());
            EXPECT_FALSE(t.hint.en.empty());
        }
        SandboxBackend sandbox;
        auto r = loadLessonScenario(sandbox, l);
        ASSERT_TRUE(r.ok()) << r.error().toString();
        for (const ScenarioReport::Problem &p : r->problems)
            ADD_FAILURE() << p.file << ":" << p.line << ": " << p.message;
        // The exercise as the lesson starts it reads as a manifest.
        auto m = loadManifestText(l.start, l.id);
        EXPECT_TRUE(m.ok());
    }
}

TEST(LessonLoader, MalformedFilesNameFileAndLineAndOthersStillLoad)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    writeFile(dir.filePath(QStringLiteral("01-good.yaml")), kGood);
    // An unknown key on line 4 (a typo of "diagram").
    writeFile(dir.filePath(QStringLiteral("02-typo.yaml")),
              "title: {ja: a, en: b}\n"
              "steps:\n"
              "- text: {ja: a, en: b}\n"
              "  diagramm: topology\n");
    // A title without English.
    writeFile(dir.filePath(QStringLiteral("03-no-english.yaml")),
              "title:\n"
              "  ja: 日本語だけ\n"
              "steps:\n"
              "- text: {ja: a, en: b}\n");
    // Not YAML at all (an unclosed flow map on line 2).
    writeFile(dir.filePath(QStringLiteral("04-broken.yaml")), "title: {ja: a, en: b}\nsteps: [\n");
    // A multiple-choice answer out of range; a scenario that does not exist.
    writeFile(dir.filePath(QStringLiteral("05-bad-answer.yaml")),
              "title: {ja: a, en: b}\n"
              "scenario: no-such-scenario.yaml\n"
              "steps:\n"
              "- text: {ja: a, en: b}\n"
              "tasks:\n"
              "- text: {ja: a, en: b}\n"
              "  hint: {ja: a, en: b}\n"
              "  options: [{ja: a, en: b}, {ja: c, en: d}]\n"
              "  answer: 3\n");
    writeFile(dir.filePath(QStringLiteral("notes.txt")), "not a lesson");

    const LessonSet set = loadLessonDirectory(dir.path().toStdString(), scenarios());
    ASSERT_EQ(set.lessons.size(), 1u);
    EXPECT_EQ(set.lessons[0].id, "01-good");
    EXPECT_EQ(set.lessons[0].tasks[0].answer, 1);
    ASSERT_EQ(set.errors.size(), 4u);
    auto errorFor = [&](const char *file) -> const Error * {
        for (const Error &e : set.errors)
            if (QString::fromStdString(e.file).endsWith(QLatin1String(file)))
                return &e;
        return nullptr;
    };
    const Error *typo = errorFor("02-typo.yaml");
    ASSERT_NE(typo, nullptr);
    EXPECT_EQ(typo->code, "lesson-format");
    EXPECT_EQ(typo->line, 4);
    EXPECT_NE(typo->message.find("diagramm"), std::string::npos) << typo->message;
    EXPECT_NE(typo->toString().find("02-typo.yaml:4:3:"), std::string::npos) << typo->toString();
    const Error *noEnglish = errorFor("03-no-english.yaml");
    ASSERT_NE(noEnglish, nullptr);
    EXPECT_EQ(noEnglish->line, 2);
    EXPECT_NE(noEnglish->message.find("\"en\""), std::string::npos) << noEnglish->message;
    const Error *broken = errorFor("04-broken.yaml");
    ASSERT_NE(broken, nullptr);
    EXPECT_EQ(broken->code, "yaml-syntax");
    EXPECT_GE(broken->line, 2);
    const Error *answer = errorFor("05-bad-answer.yaml");
    ASSERT_NE(answer, nullptr);
    EXPECT_EQ(answer->line, 2); // the first problem: the scenario
    EXPECT_NE(answer->message.find("no-such-scenario.yaml"), std::string::npos);
    EXPECT_NE(answer->message.find("1 more"), std::string::npos) << answer->message;
}

TEST(LessonLoader, MissingDirectoryIsAnErrorNotACrash)
{
    const LessonSet set = loadLessonDirectory("/nonexistent/lessons");
    EXPECT_TRUE(set.lessons.empty());
    ASSERT_EQ(set.errors.size(), 1u);
    EXPECT_EQ(set.errors[0].code, "no-lessons");
}

TEST(LessonLoader, OptionAndEnvironmentComeFirstInTheSearchPath)
{
    qputenv("STUDIO_LESSONS_DIR", "/from/env");
    const auto path = lessonSearchPath("/from/option");
    ASSERT_GE(path.size(), 2u);
    EXPECT_EQ(path[0], "/from/option");
    EXPECT_EQ(path[1], "/from/env");
    EXPECT_EQ(findLessonDirectory("/from/option"), "/from/option");
    qunsetenv("STUDIO_LESSONS_DIR");
    // Without either, the source tree's lessons are found.
    EXPECT_EQ(QDir(QString::fromStdString(findLessonDirectory())).canonicalPath(),
              QDir(QString::fromStdString(kLessons)).canonicalPath());
}

TEST(LessonCheck, DefiningAServiceRightAndWrong)
{
    const LessonSet set = loadLessonDirectory(kLessons, scenarios());
    const Lesson *l = findLesson(set, "02-defining-a-service");
    ASSERT_NE(l, nullptr);
    ASSERT_EQ(l->tasks.size(), 2u);
    SandboxBackend sandbox;

    // As the lesson starts: wrong selector, wrong port, no endpoints, no path.
    Attempt start = applyAttempt(sandbox, *l, l->start);
    CheckResult r = checkTask(l->tasks[0], start);
    EXPECT_FALSE(r.passed);
    std::set<std::string> codes;
    for (const CheckFailure &f : r.failures)
        codes.insert(f.code);
    EXPECT_TRUE(codes.count("selector-missing"));
    EXPECT_TRUE(codes.count("port-missing"));
    EXPECT_TRUE(codes.count("endpoints-count"));
    EXPECT_FALSE(checkTask(l->tasks[1], start).passed);

    const std::string right = "apiVersion: v1\nkind: Service\nmetadata:\n  name: my-service\n"
                              "spec:\n  selector:\n    app: MyApp\n  ports:\n"
                              "  - protocol: TCP\n    port: 80\n    targetPort: 9376\n";
    Attempt good = applyAttempt(sandbox, *l, right);
    EXPECT_TRUE(good.refused.empty());
    for (const Task &t : l->tasks) {
        CheckResult ok = checkTask(t, good);
        EXPECT_TRUE(ok.passed) << t.id << ": "
                               << (ok.failures.empty() ? "" : ok.failures[0].message);
    }
    // A typo in the label value (app=myapp): selected nothing.
    std::string typo = right;
    typo.replace(typo.find("MyApp"), 5, "myapp");
    CheckResult bad = checkTask(l->tasks[0], applyAttempt(sandbox, *l, typo));
    EXPECT_FALSE(bad.passed);
    EXPECT_EQ(bad.failures[0].code, "selector-missing");
    // Text that does not read.
    Attempt unreadable = applyAttempt(sandbox, *l, "spec: [");
    CheckResult u = checkTask(l->tasks[0], unreadable);
    ASSERT_FALSE(u.passed);
    EXPECT_EQ(u.failures[0].code, "manifest-unreadable");
}

TEST(LessonCheck, RefusedServiceAndChoices)
{
    const LessonSet set = loadLessonDirectory(kLessons, scenarios());
    const Lesson *l = findLesson(set, "08-choosing-cluster-ip");
    ASSERT_NE(l, nullptr);
    SandboxBackend sandbox;
    Attempt start = applyAttempt(sandbox, *l, l->start);
    ASSERT_EQ(start.refused.size(), 1u);
    EXPECT_NE(start.refused.begin()->second.find("10.0.0.99"), std::string::npos)
        << start.refused.begin()->second;
    CheckResult r = checkTask(l->tasks[1], start);
    ASSERT_FALSE(r.passed);
    EXPECT_EQ(r.failures[0].code, "service-refused");
    // The multiple-choice task: no answer, a wrong one, the right one.
    EXPECT_EQ(checkTask(l->tasks[0], start, -1).failures[0].code, "no-answer");
    EXPECT_EQ(checkTask(l->tasks[0], start, 1).failures[0].code, "wrong-answer");
    EXPECT_TRUE(checkTask(l->tasks[0], start, 0).passed);
}
