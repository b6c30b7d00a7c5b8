// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/field_error.h"
#include "model/types.h"

#include <QWidget>

#include <vector>

class QLabel;
class QLineEdit;
class QGroupBox;
class QFormLayout;

namespace studio::views {

class TableEditor;

// The form face of an Endpoints object (for a service without a selector): its name (the
// service's), and subsets as two tables, addresses (subset, IP, ready, hostname, node) and
// ports (subset, name, port, protocol, app protocol). The apiserver's rules on addresses
// (no loopback, link-local or multicast IPs, DNS-label hostnames, ...) come back from
// validation and mark their cells. Fields it does not show (targetRef) survive edits.
class EndpointsForm : public QWidget
{
    Q_OBJECT
public:
    explicit EndpointsForm(QWidget *parent = nullptr);

    void setEndpoints(const Endpoints &endpoints);
    Endpoints endpoints() const;
    void setFieldErrors(const FieldErrors &errors);

    TableEditor *addressTable() const { return m_addresses; }
    TableEditor *portTable() const { return m_ports; }
    QLineEdit *nameEdit() const { return m_name; }

    enum AddressColumn { AddrSubset, AddrIp, AddrReady, AddrHostname, AddrNode, AddrColumns };
    enum PortColumn { PortSubset, PortName, PortPort, PortProtocol, PortAppProtocol, PortColumns };

Q_SIGNALS:
    void edited(const QString &key);

protected:
    void changeEvent(QEvent *e) override;

private:
    void retranslateUi();
    void userEdited(const QString &key);

    struct AddressRow
    {
        int subset = 0;
        bool ready = true;
        int index = 0; // in addresses / notReadyAddresses of the subset
    };

    Endpoints m_base;
    std::vector<AddressRow> m_addressRows; // row -> where it came from
    std::vector<std::pair<int, int>> m_portRows; // row -> (subset, index)
    bool m_filling = false;
    QGroupBox *m_box;
    QFormLayout *m_form;
    QLabel *m_nameLabel;
    QLabel *m_namespaceLabel;
    QLabel *m_addressesLabel;
    QLabel *m_portsLabel;
    QLabel *m_hint;
    QLabel *m_otherProblems;
    QLineEdit *m_name;
    QLineEdit *m_namespace;
    TableEditor *m_addresses;
    TableEditor *m_ports;
};

} // namespace studio::views
