// SPDX-License-Identifier: GPL-3.0-or-later
// The Japanese translation is complete, and no visible string bypasses tr().
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

namespace {

struct TsStats
{
    int messages = 0;
    int unfinished = 0;
    int empty = 0;
    QStringList emptySources;
};

TsStats readTs(const QString &path)
{
    TsStats st;
    QFile f(path);
    EXPECT_TRUE(f.open(QIODevice::ReadOnly)) << path.toStdString();
    QXmlStreamReader xml(&f);
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("message"))
            ++st.messages;
        else if (xml.name() == QLatin1String("source"))
            source = xml.readElementText();
        else if (xml.name() == QLatin1String("translation")) {
            if (xml.attributes().value(QLatin1String("type")) == QLatin1String("unfinished"))
                ++st.unfinished;
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (text.trimmed().isEmpty()) {
                ++st.empty;
                st.emptySources << source;
            }
        }
    }
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    return st;
}

} // namespace

TEST(Translations, JapaneseIsComplete)
{
    const TsStats st = readTs(QStringLiteral(STUDIO_SOURCE_DIR "/translations/service-studio_ja.ts"));
    EXPECT_GT(st.messages, 50);
    EXPECT_EQ(st.unfinished, 0);
    EXPECT_EQ(st.empty, 0) << st.emptySources.join(QStringLiteral(" | ")).toStdString();
}

TEST(Translations, EnglishHasPluralForms)
{
    QFile f(QStringLiteral(STUDIO_SOURCE_DIR "/translations/service-studio_en.ts"));
    ASSERT_TRUE(f.open(QIODevice::ReadOnly));
    const QString ts = QString::fromUtf8(f.readAll());
    EXPECT_TRUE(ts.contains(QStringLiteral("<numerusform>%n error</numerusform>")));
    EXPECT_TRUE(ts.contains(QStringLiteral("<numerusform>%n errors</numerusform>")));
}

// A string literal shown to the user must go through tr(): look for the Qt setters that take
// visible text and fail on any call given a literal that is not wrapped in tr().
TEST(Translations, NoVisibleStringBypassesTr)
{
    const QRegularExpression setter(QStringLiteral(
        R"((setText|setTitle|setWindowTitle|setToolTip|setStatusTip|setPlaceholderText|showMessage|addTab|setTabText|addMenu|addAction|setHeaderLabels|QMessageBox::\w+)\s*\(([^;]*))"));
    QStringList offenders;
    for (const char *dir : {"/views", "/app"}) {
        QDirIterator it(QStringLiteral(STUDIO_SOURCE_DIR) + QLatin1String(dir),
                        {QStringLiteral("*.cpp")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (path.contains(QLatin1String("/cli/")))
                continue; // the CLI speaks English for scripts, by design
            QFile f(path);
            if (!f.open(QIODevice::ReadOnly))
                continue;
            int lineNo = 0;
            for (const QByteArray &raw : f.readAll().split('\n')) {
                ++lineNo;
                const QString line = QString::fromUtf8(raw);
                auto m = setter.match(line);
                if (!m.hasMatch())
                    continue;
                const QString args = m.captured(2);
                // A literal argument that is not translated (language names are shown in
                // their own language on purpose).
                const bool literal = args.contains(QRegularExpression(
                    QStringLiteral(R"((QStringLiteral|QLatin1String)\("[^"]*[A-Za-z][^"]*"\))")));
                if (literal && !args.contains(QLatin1String("tr(")))
                    offenders << path.mid(int(qstrlen(STUDIO_SOURCE_DIR))) + QLatin1Char(':')
                                     + QString::number(lineNo);
            }
        }
    }
    EXPECT_TRUE(offenders.isEmpty()) << offenders.join(QStringLiteral("\n")).toStdString();
}
