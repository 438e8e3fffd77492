// SPDX-License-Identifier: Apache-2.0
#include "engine/cfgformvalues.h"

#include <type_traits>

namespace qmt::state {

namespace {

template <typename Record>
at::FormValues formValues(const at::SettingInfo &row, const char *indexKey, int index, const Record &c)
{
    at::FormValues v;
    v.setNumber(indexKey, index);
    for (const at::SettingField &f : row.fields) {
        QByteArray text;
        if constexpr (std::is_same_v<Record, at::SlotConfig>) {
            if (f.kind == at::ValueKind::Data) {
                const QByteArray data = f.getData ? f.getData(c) : QByteArray();
                if (!data.isNull())
                    v.setData(f.key, data);
                continue;
            }
            text = f.getCfg(c);
        } else {
            text = f.getSsl(c);
        }
        if (text.isEmpty())
            continue; // not known yet: the form keeps what it holds
        if (f.kind == at::ValueKind::Hex) {
            bool ok = false;
            const qint64 n = text.toLongLong(&ok, 16); // "0X0035": toLongLong takes the 0x prefix
            if (ok)
                v.setNumber(f.key, n);
        } else if (f.isNumber()) {
            const qint64 n = text.toLongLong();
            if (n >= 0)
                v.setNumber(f.key, n);
        } else {
            v.setText(f.key, QString::fromUtf8(text));
        }
    }
    return v;
}

} // namespace

at::FormValues cfgFormValues(at::CfgSetting s, int idx, const SlotConfig &c)
{
    return formValues(at::settingInfo(s), "idx", idx, c);
}

at::FormValues sslFormValues(at::SslSetting s, int ctx, const SslContext &c)
{
    return formValues(at::settingInfo(s), "ctx", ctx, c);
}

} // namespace qmt::state
