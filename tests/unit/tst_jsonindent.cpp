// SPDX-License-Identifier: Apache-2.0
// The JSON view of a received payload keeps the sender's key order (QJsonDocument would sort
// the keys), its numbers, escapes and duplicates byte for byte, and only re-indents.

#include "models/jsonindent.h"
#include "models/messagemodel.h"

#include <QJsonDocument>
#include <QTest>

using qmt::state::indentJson;
using qmt::state::MessageModel;

class tst_JsonIndent : public QObject
{
    Q_OBJECT
private slots:
    void keepsTheSendersKeyOrder()
    {
        const QByteArray sent = R"({"zeta":1,"alpha":{"y":true,"b":null},"mid":[3,"x"]})";
        QCOMPARE(indentJson(sent), QByteArray("{\n"
                                              "    \"zeta\": 1,\n"
                                              "    \"alpha\": {\n"
                                              "        \"y\": true,\n"
                                              "        \"b\": null\n"
                                              "    },\n"
                                              "    \"mid\": [\n"
                                              "        3,\n"
                                              "        \"x\"\n"
                                              "    ]\n"
                                              "}"));
        // what QJsonDocument would have shown: the keys sorted (the reason for indentJson)
        QVERIFY(QJsonDocument::fromJson(sent).toJson().indexOf("alpha") <
                QJsonDocument::fromJson(sent).toJson().indexOf("zeta"));
        // the slot detail's JSON view uses it
        QString error;
        QCOMPARE(MessageModel::payloadJson(sent, &error), QString::fromUtf8(indentJson(sent)));
        QVERIFY(error.isEmpty());
    }

    void tokensAreCopiedAsSent()
    {
        // numbers as written (QJsonDocument would print 1e3 as 1000 and lose 0.10's zero),
        // escapes and separators inside strings untouched, duplicate keys kept, spaces dropped
        const QByteArray sent = "{ \"n\" : 1e3 , \"f\":0.10, \"s\":\"a,b:{c}[d] \\\"q\\\" \\u00e9\","
                                "\"n\":-0 }";
        QCOMPARE(indentJson(sent), QByteArray("{\n"
                                              "    \"n\": 1e3,\n"
                                              "    \"f\": 0.10,\n"
                                              "    \"s\": \"a,b:{c}[d] \\\"q\\\" \\u00e9\",\n"
                                              "    \"n\": -0\n"
                                              "}"));
        // UTF-8 inside strings passes through
        QCOMPARE(indentJson("[\"温度\",\"\xc3\xa9\"]"), QByteArray("[\n    \"温度\",\n    \"\xc3\xa9\"\n]"));
    }

    void emptyContainersAndIndent()
    {
        QCOMPARE(indentJson("{}"), QByteArray("{}"));
        QCOMPARE(indentJson("[ ]"), QByteArray("[]"));
        QCOMPARE(indentJson(R"({"a":{ },"b":[]})"), QByteArray("{\n    \"a\": {},\n    \"b\": []\n}"));
        QCOMPARE(indentJson(R"([[1]])", 2), QByteArray("[\n  [\n    1\n  ]\n]"));
        QCOMPARE(indentJson("  42 "), QByteArray("42"));
    }

    // Not JSON: the view says so and shows the text (payloadJson refuses it); indentJson itself
    // never loses a byte of what it gets, even unbalanced or cut.
    void invalidJson()
    {
        QString error;
        QVERIFY(MessageModel::payloadJson("{\"a\":", &error).isEmpty());
        QVERIFY2(error.startsWith(QStringLiteral("Not JSON")), qPrintable(error));
        QCOMPARE(indentJson("{\"a\":\"unterminated"), QByteArray("{\n    \"a\": \"unterminated"));
        QCOMPARE(indentJson("]]"), QByteArray("\n]\n]"));
        QCOMPARE(indentJson("\"ends in \\"), QByteArray("\"ends in \\"));
    }
};

QTEST_GUILESS_MAIN(tst_JsonIndent)
#include "tst_jsonindent.moc"
